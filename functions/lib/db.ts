/**
 * DynamoDB for the acts: one document client, table names from the environment, and the one way state
 * changes — `transact`: the change, its audit record and its outbox messages in one transaction, all or
 * nothing. A failed condition (someone changed the record since it was read) becomes a ConflictError,
 * the one error the state machine retries.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type TableId, tables } from '../data/tables.js';
import { ConflictError } from '../domain/errors.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { now } from './clock.js';
import { newId } from './ids.js';
import { outboxPut } from './outbox.js';

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

/** A write whose condition failed, alone or inside a transaction. */
export function isConditionFailure(e: unknown): boolean {
  const name = (e as Error)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  // DynamoDB Local and older SDKs may leave the reasons out: a cancelled transaction is then a conflict
  return (
    !reasons?.length ||
    reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
  );
}

export interface Change {
  /** the audit record of the change (every change of state has one) */
  audit?: AuditEntry;
  /** messages to candidates, sent only if the change lands */
  messages?: OutboxMessage[];
  /** the 409 message when the record changed since it was read */
  conflict?: string;
}

/**
 * The one way state changes: `items` (conditional puts and updates), the audit record and the outbox
 * messages in one transaction. Either all land or none; a failed condition throws ConflictError.
 */
export async function transact(items: TxItem[], change: Change = {}): Promise<void> {
  const all = [
    ...items,
    ...(change.messages ?? []).map(outboxPut),
    ...(change.audit ? [auditItem(change.audit)] : []),
  ];
  if (!all.length) return;
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: all }));
  } catch (e) {
    if (isConditionFailure(e)) throw new ConflictError(change.conflict);
    throw e;
  }
}

/**
 * Put many items without conditions: BatchWriteItem, 25 at a time, the unprocessed ones again (with
 * backoff) until none is left. For writes no condition guards (seeding; an import's new candidates
 * under its exam's import lock).
 */
export async function batchPut(table: string, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let req: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; req && Object.keys(req).length; attempt++) {
      if (attempt) await new Promise((ok) => setTimeout(ok, 20 * 2 ** Math.min(attempt, 6)));
      const r = await ddb.send(new BatchWriteCommand({ RequestItems: req }));
      req = r.UnprocessedItems as typeof req;
    }
  }
}
