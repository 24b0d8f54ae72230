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
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, type TableId, tables } from '../data/tables.js';
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
  /**
   * the acting staff member's department (id and name) at the time of the act, so the record can be
   * shown without the username (N4, the candidate's timeline). `transact` adds it to every staff act.
   */
  actorDept?: AuditDept;
  details?: Record<string, unknown>;
}

export interface AuditDept {
  id: string;
  name: string;
}

/** How long a staff member's department is remembered in this process (a move shows within a minute). */
const DEPT_TTL_MS = 60_000;
const staffDepts = new Map<string, { dept: AuditDept | null; until: number }>();

/**
 * Remember a staff member's department as just read from their account (functions/acts/actor.ts does
 * this for every staff request), so the audit records of the request name it without another read.
 */
export function rememberStaffDept(username: string, dept: AuditDept): void {
  staffDepts.set(username, { dept: { id: dept.id, name: dept.name }, until: Date.now() + DEPT_TTL_MS });
}

/**
 * The department of a staff username, from the account and its department in the catalog (null when
 * either is gone); remembered for a minute. For staff acts that run later as jobs (their actor is the
 * username only), and for audit records written before they carried `actorDept`.
 */
export async function staffDeptOf(username: string): Promise<AuditDept | null> {
  const known = staffDepts.get(username);
  if (known && known.until > Date.now()) return known.dept;
  const get = async (key: Record<string, string>) =>
    (await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: key }))).Item;
  const account = await get(keys.staff(username));
  const d = typeof account?.deptId === 'string' ? await get(keys.department(account.deptId)) : undefined;
  const dept = d && typeof d.name === 'string' ? { id: String(account?.deptId), name: d.name } : null;
  staffDepts.set(username, { dept, until: Date.now() + DEPT_TTL_MS });
  return dept;
}

/** The audit entry with the acting staff member's department, unless it already names one. */
export async function withActorDept(entry: AuditEntry): Promise<AuditEntry> {
  const username = /^staff:(.+)$/.exec(entry.actor)?.[1];
  if (entry.actorDept || !username) return entry;
  const dept = await staffDeptOf(username);
  return dept ? { ...entry, actorDept: dept } : entry;
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
 * The one way state changes: `items` (conditional puts and updates), the audit record (with the acting
 * staff member's department) and the outbox messages in one transaction. Either all land or none; a failed condition throws ConflictError.
 */
export async function transact(items: TxItem[], change: Change = {}): Promise<void> {
  // every staff act's audit record names the department (N4: the timeline never shows the username)
  const audit = change.audit ? await withActorDept(change.audit) : undefined;
  const all = [...items, ...(change.messages ?? []).map(outboxPut), ...(audit ? [auditItem(audit)] : [])];
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
