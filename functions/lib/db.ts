/**
 * DynamoDB access for handlers: one document client, table names from the environment, and the one
 * way to change state — a transaction that writes the change and its audit record together.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type TableId, tables } from '../data/tables.js';
import { DomainError } from '../domain/errors.js';
import { now } from './clock.js';
import { newId } from './ids.js';

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export function tableName(id: TableId): string {
  const name = process.env[tables[id].envVar];
  if (!name) throw new Error(`${tables[id].envVar} is not set`);
  return name;
}

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface AuditEntry {
  /** the subject's audit partition, e.g. keys.auditSubjectCandidate(...) */
  subject: string;
  action: string;
  actor: string;
  details?: Record<string, unknown>;
}

/** The audit record for a change, as a transaction item. */
export function auditItem(entry: AuditEntry, when = now()): TxItem {
  const at = when.toISOString();
  return {
    Put: {
      TableName: tableName('audit'),
      Item: { pk: entry.subject, sk: `${at}#${newId(when)}`, at, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Write a state change and its audit record in one transaction: both land or neither does.
 * A failed condition becomes a 409 CONFLICT with `conflictMessage`.
 */
export async function writeWithAudit(
  items: TxItem[],
  audit: AuditEntry,
  conflictMessage = '记录已被他人修改，请刷新后重试',
): Promise<void> {
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: [...items, auditItem(audit)] }));
  } catch (e) {
    if ((e as Error).name === 'TransactionCanceledException') {
      throw new DomainError('CONFLICT', conflictMessage);
    }
    throw e;
  }
}
