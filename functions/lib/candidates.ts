/**
 * The candidates table: one item per candidate per exam (A1, A2), the work-queue index by exam and city
 * (A3) and the sparse index of lifecycles waiting on a callback (byWaiting, walked by jobs: lib/jobs.ts).
 * Items go out without their storage attributes; key attributes are always derived here, never carried
 * over from a read.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys, WAIT_SHARDS } from '../data/tables.js';
import type { Candidate, CandidateStatus } from '../domain/candidate.js';
import type { Phase } from '../domain/lifecycle.js';
import { ddb, type TxItem, tableName } from './db.js';

/** A candidate as stored: the record plus the task token of the wait it is in, if any. */
export type StoredCandidate = Candidate & { taskToken?: string; waitingPhase?: Phase; wakeAt?: string };

export async function readCandidate(examId: string, personId: string): Promise<StoredCandidate | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.candidate(personId, examId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<StoredCandidate>(r.Item) : undefined;
}

/** The records of these people in one exam, by person id (BatchGetItem, 100 keys at a time). */
export async function readCandidates(
  examId: string,
  personIds: readonly string[],
): Promise<Map<string, StoredCandidate>> {
  const out = new Map<string, StoredCandidate>();
  const unique = [...new Set(personIds)];
  const table = tableName('candidates');
  const groups: string[][] = [];
  for (let i = 0; i < unique.length; i += 100) groups.push(unique.slice(i, i + 100));
  // the groups at once (an import step reads 500 records: five requests side by side, not in a row)
  await Promise.all(
    groups.map(async (group) => {
      let keysLeft: Record<string, unknown>[] | undefined = group.map((p) => keys.candidate(p, examId));
      for (let attempt = 0; keysLeft?.length; attempt++) {
        const r = await ddb.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keysLeft, ConsistentRead: true } } }),
        );
        for (const item of r.Responses?.[table] ?? []) {
          const c = fromItem<StoredCandidate>(item);
          out.set(c.personId, c);
        }
        keysLeft = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
        if (keysLeft?.length) await new Promise((ok) => setTimeout(ok, 20 * 2 ** Math.min(attempt, 6)));
      }
    }),
  );
  return out;
}

/**
 * The candidates of an exam with this candidate number (the byCandidateNo index: eventually
 * consistent). Numbers are unique within a list (the import refuses a repeat); more than one here
 * means two lists disagreed, and the caller says so rather than choose.
 */
export async function candidatesByNumber(examId: string, candidateNo: string): Promise<StoredCandidate[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      IndexName: 'byCandidateNo',
      KeyConditionExpression: 'gsi3pk = :n',
      ExpressionAttributeValues: { ':n': keys.candidateNo(examId, candidateNo).gsi3pk },
      Limit: 5,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<StoredCandidate>(i));
}

/**
 * One page of an exam's candidates in one city (of one status, if given), straight from the work-queue
 * index, with where the next page starts: what a job walking an exam city by city reads each step.
 */
export async function examCityPage(
  examId: string,
  city: string,
  opts: { limit: number; after?: Record<string, unknown> | undefined; status?: string | undefined },
): Promise<{ items: StoredCandidate[]; after: Record<string, unknown> | undefined }> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      IndexName: 'byExamCity',
      KeyConditionExpression: opts.status ? 'gsi1pk = :k AND begins_with(gsi1sk, :s)' : 'gsi1pk = :k',
      ExpressionAttributeValues: {
        ':k': keys.candidateQueue(examId, city, '', '').gsi1pk,
        ...(opts.status ? { ':s': `${opts.status}#` } : {}),
      },
      Limit: opts.limit,
      ...(opts.after ? { ExclusiveStartKey: opts.after } : {}),
    }),
  );
  return { items: (r.Items ?? []).map((i) => fromItem<StoredCandidate>(i)), after: r.LastEvaluatedKey };
}

/** A person's records in every exam (A1). */
export async function personRecords(personId: string): Promise<StoredCandidate[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      // the person's partition also holds their materials and objections: only the exam records
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': keys.candidate(personId, '').pk, ':e': keys.candidate('', '').sk },
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<StoredCandidate>(i));
}

const shardOf = (personId: string) =>
  (createHash('sha1').update(personId).digest()[0] as number) % WAIT_SHARDS;

/** The full item for a candidate, with its index keys (and the waiting index only while it waits). */
export function candidateRecord(c: StoredCandidate): Record<string, unknown> {
  const { taskToken, waitingPhase, wakeAt, ...rest } = fromItem<StoredCandidate>(c as never);
  return {
    ...rest,
    ...keys.candidate(c.personId, c.examId),
    ...keys.candidateQueue(c.examId, c.city, c.status, c.personId),
    ...(c.candidateNo ? keys.candidateNo(c.examId, c.candidateNo) : {}),
    ...(taskToken && waitingPhase
      ? {
          taskToken,
          waitingPhase,
          ...(wakeAt ? { wakeAt } : {}),
          ...keys.candidateWaiting(c.examId, waitingPhase, shardOf(c.personId), c.personId),
        }
      : {}),
  };
}

/** Replace the candidate record if nobody changed it since it was read (its version). */
export function candidatePut(next: StoredCandidate, prevVersion: number): TxItem {
  return {
    Put: {
      TableName: tableName('candidates'),
      Item: candidateRecord(next),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': prevVersion },
    },
  };
}

/** Where a queue page ends: the last candidate's status and person id (its index position). */
export interface QueuePosition {
  status: CandidateStatus;
  personId: string;
}

/** One page of an exam's work queue in one city (A3), optionally one status, after `after`. */
export async function queuePage(
  examId: string,
  city: string,
  status: CandidateStatus | undefined,
  limit: number,
  after?: QueuePosition,
): Promise<{ items: StoredCandidate[]; last: QueuePosition | null }> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      IndexName: 'byExamCity',
      KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :st)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.candidateQueue(examId, city, '', '').gsi1pk,
        ...(status ? { ':st': `${status}#` } : {}),
      },
      Limit: limit,
      ...(after
        ? {
            ExclusiveStartKey: {
              ...keys.candidate(after.personId, examId),
              ...keys.candidateQueue(examId, city, after.status, after.personId),
            },
          }
        : {}),
    }),
  );
  const items = (r.Items ?? []).map((i) => fromItem<StoredCandidate>(i));
  const lastItem = items.at(-1);
  return {
    items,
    last: r.LastEvaluatedKey && lastItem ? { status: lastItem.status, personId: lastItem.personId } : null,
  };
}
