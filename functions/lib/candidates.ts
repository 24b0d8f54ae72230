/**
 * The candidates table: one item per candidate per exam (A1, A2), the index by exam and city (A3,
 * walked by jobs), the work queue by exam, city and next deadline (byDeadline, A22) with the status
 * counters beside the candidates (A23), and the sparse index of lifecycles waiting on a callback (byWaiting, walked by jobs: lib/jobs.ts).
 * Items go out without their storage attributes; key attributes are always derived here, never carried
 * over from a read.
 */

import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { COUNTER_SHARDS, fromItem, keys, WAIT_SHARDS } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import type { Phase } from '../domain/lifecycle.js';
import {
  type CounterDelta,
  deadlineSortKey,
  type QueueFacts,
  type StatusCounts,
  sumCounts,
} from '../domain/queue.js';
import { sumWork, type WorkCounts } from '../domain/work.js';
import { ddb, type TxItem, tableName } from './db.js';
import { mapPooled } from './pool.js';

/**
 * A candidate as stored: the record plus the task token of the wait it is in, if any, and the queue's
 * facts (phase and next deadline) as of its last write.
 */
export type StoredCandidate = Candidate & {
  taskToken?: string;
  waitingPhase?: Phase;
  wakeAt?: string;
  queue?: QueueFacts;
};

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

/**
 * The full item for a candidate, with its index keys (and the waiting index only while it waits). The
 * work queue's index (byDeadline) places it by the next deadline of its stored queue facts; a record
 * written without them sorts last (NO_DEADLINE) until its next write.
 */
export function candidateRecord(c: StoredCandidate): Record<string, unknown> {
  const { taskToken, waitingPhase, wakeAt, ...rest } = fromItem<StoredCandidate>(c as never);
  return {
    ...rest,
    ...keys.candidate(c.personId, c.examId),
    ...keys.candidateQueue(c.examId, c.city, c.status, c.personId),
    ...keys.candidateDeadline(c.examId, c.city, deadlineSortKey(c.queue?.due, c.personId)),
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

/** One read of a city's queue in deadline order (byDeadline), after the sort key `after`, optionally within a key range. */
export async function deadlinePage(
  examId: string,
  city: string,
  opts: { after?: string | undefined; limit: number; range?: { from: string; to: string } | undefined },
): Promise<{ items: (StoredCandidate & { sortKey: string })[]; exhausted: boolean }> {
  const pk = keys.candidateDeadline(examId, city, '').gsi4pk;
  const personOf = (sortKey: string) => sortKey.slice(sortKey.lastIndexOf('#') + 1);
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      IndexName: 'byDeadline',
      KeyConditionExpression: opts.range ? 'gsi4pk = :pk AND gsi4sk BETWEEN :a AND :b' : 'gsi4pk = :pk',
      ExpressionAttributeValues: {
        ':pk': pk,
        ...(opts.range ? { ':a': opts.range.from, ':b': opts.range.to } : {}),
      },
      Limit: opts.limit,
      ...(opts.after
        ? {
            ExclusiveStartKey: {
              ...keys.candidate(personOf(opts.after), examId),
              ...keys.candidateDeadline(examId, city, opts.after),
            },
          }
        : {}),
    }),
  );
  return {
    items: (r.Items ?? []).map((i) => ({ ...fromItem<StoredCandidate>(i), sortKey: String(i.gsi4sk) })),
    exhausted: !r.LastEvaluatedKey,
  };
}

/** How many of an exam's candidates in these cities have a deadline in the key range (an index COUNT). */
export async function countInRange(
  examId: string,
  cities: readonly string[],
  range: { from: string; to: string },
): Promise<number> {
  const counts = await Promise.all(
    cities.map(async (city) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const r = await ddb.send(
          new QueryCommand({
            TableName: tableName('candidates'),
            IndexName: 'byDeadline',
            KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :a AND :b',
            ExpressionAttributeValues: {
              ':pk': keys.candidateDeadline(examId, city, '').gsi4pk,
              ':a': range.from,
              ':b': range.to,
            },
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        n += r.Count ?? 0;
        start = r.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The status counts of an exam's candidates in these cities, and the round-2 work counts (R10, R11, N1),
 * from their counters (COUNTER_SHARDS items a city).
 */
export async function statusCounts(
  examId: string,
  cities: readonly string[],
): Promise<{ byStatus: StatusCounts; byWork: WorkCounts }> {
  const items = await Promise.all(cities.map((city) => cityCounterItems(examId, city)));
  return { byStatus: sumCounts(items.flat()), byWork: sumWork(items.flat()) };
}

/** The counter shard items of an exam's city (status, work and booking counts: functions/domain/booking.ts). */
export async function cityCounterItems(examId: string, city: string): Promise<Record<string, unknown>[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.statusCounter(examId, city, 0).pk },
      ConsistentRead: true,
    }),
  );
  return r.Items ?? [];
}

/**
 * The counter updates for these changes, one Update per city (so a transaction never names an item
 * twice), on the shard `shardKey` falls in: added to the transaction that makes the changes.
 */
export function counterUpdates(examId: string, deltas: readonly CounterDelta[], shardKey: string): TxItem[] {
  const shard = (createHash('sha1').update(shardKey).digest()[0] as number) % COUNTER_SHARDS;
  const byCity = new Map<string, Map<CounterDelta['status'], number>>();
  for (const d of deltas) {
    const m = byCity.get(d.city) ?? new Map<CounterDelta['status'], number>();
    m.set(d.status, (m.get(d.status) ?? 0) + d.by);
    byCity.set(d.city, m);
  }
  const out: TxItem[] = [];
  for (const [city, m] of byCity) {
    const parts = [...m].filter(([, n]) => n !== 0);
    if (!parts.length) continue;
    out.push({
      Update: {
        TableName: tableName('candidates'),
        Key: keys.statusCounter(examId, city, shard),
        UpdateExpression: `ADD ${parts.map((_, i) => `#s${i} :n${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(parts.map(([s], i) => [`#s${i}`, s])),
        ExpressionAttributeValues: Object.fromEntries(parts.map(([, n], i) => [`:n${i}`, n])),
      },
    });
  }
  return out;
}

/**
 * The counter shard items of these exams' cities, by exam and city (`{examId}|{city}`): one BatchGet a
 * hundred shards (18 cities × COUNTER_SHARDS a exam), never a read of the candidates themselves.
 */
export async function examsCounterItems(
  examIds: readonly string[],
  cities: readonly string[],
): Promise<Map<string, Record<string, unknown>[]>> {
  const table = tableName('candidates');
  const whose = new Map<string, string>();
  const all: Record<string, unknown>[] = [];
  for (const examId of examIds)
    for (const city of cities)
      for (let shard = 0; shard < COUNTER_SHARDS; shard++) {
        const k = keys.statusCounter(examId, city, shard);
        whose.set(k.pk, `${examId}|${city}`);
        all.push(k);
      }
  const out = new Map<string, Record<string, unknown>[]>();
  const groups: Record<string, unknown>[][] = [];
  for (let i = 0; i < all.length; i += 100) groups.push(all.slice(i, i + 100));
  // at most 8 BatchGets at once: the groups grow with the exams asked about
  await mapPooled(groups, 8, async (group) => {
    let left: Record<string, unknown>[] | undefined = group;
    for (let attempt = 0; left?.length; attempt++) {
      if (attempt) await new Promise((ok) => setTimeout(ok, 20 * 2 ** Math.min(attempt, 6)));
      const r = await ddb.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: left, ConsistentRead: true } } }),
      );
      for (const item of r.Responses?.[table] ?? []) {
        const at = whose.get(String(item.pk)) as string;
        out.set(at, [...(out.get(at) ?? []), item]);
      }
      left = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
    }
  });
  return out;
}
