/**
 * The jobs table (functions/domain/jobs.ts): a job's record, written conditionally on its chunk
 * sequence number so a chunk moves a job on exactly once; the active jobs (the local worker's queue);
 * an exam's recent jobs; and the pages of the index partitions a job walks.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys, WAIT_SHARDS } from '../data/tables.js';
import { isActive, type Job, type JobScope, type JobSource } from '../domain/jobs.js';
import { ddb, type TxItem, tableName } from './db.js';

/** The job item: the active index only while it runs; written once (new) or over the seq it was read at. */
export function jobPut(job: Job, readAtSeq: number | null): TxItem {
  return {
    Put: {
      TableName: tableName('jobs'),
      Item: {
        ...job,
        ...keys.job(job.jobId),
        ...(isActive(job) ? keys.jobActive(job.createdAt, job.jobId) : {}),
        ...(job.examId ? keys.jobOfExam(job.examId, job.createdAt, job.jobId) : {}),
      },
      ...(readAtSeq === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'seq = :s', ExpressionAttributeValues: { ':s': readAtSeq } }),
    },
  };
}

export async function readJob(jobId: string): Promise<Job | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('jobs'), Key: keys.job(jobId), ConsistentRead: true }),
  );
  return r.Item ? fromItem<Job>(r.Item) : undefined;
}

/** One page of the jobs still queued or running, oldest first (the sparse byActive index). */
async function activePage(limit: number, start?: Record<string, unknown>) {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('jobs'),
      IndexName: 'byActive',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.jobActive('', '').gsi1pk },
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { jobs: (r.Items ?? []).map((i) => fromItem<Job>(i)), next: r.LastEvaluatedKey };
}

/** The first `limit` jobs still queued or running, oldest first. */
export async function activeJobs(limit = 25): Promise<Job[]> {
  return (await activePage(limit)).jobs;
}

/** Every job still queued or running, oldest first, a page at a time (the sweeper's walk). */
export async function* allActiveJobs(pageSize = 100): AsyncGenerator<Job> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await activePage(pageSize, start);
    yield* page.jobs;
    start = page.next;
  } while (start);
}

/** An exam's most recent jobs, newest first. */
export async function jobsOfExam(examId: string, limit = 20): Promise<Job[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('jobs'),
      IndexName: 'byExam',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.jobOfExam(examId, '', '').gsi2pk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<Job>(i));
}

const indexKey = { byWaiting: 'gsi2pk', byExamCity: 'gsi1pk' } as const;

function sourceQuery(s: JobSource, after: Record<string, unknown> | undefined) {
  return {
    TableName: tableName('candidates'),
    IndexName: s.index,
    KeyConditionExpression: '#k = :k',
    ExpressionAttributeNames: { '#k': indexKey[s.index] },
    ExpressionAttributeValues: { ':k': s.key },
    ...(after ? { ExclusiveStartKey: after } : {}),
  };
}

/** One page of a source: the candidates (person id, lifecycle generation) and where the next page starts. */
export async function sourcePage(
  s: JobSource,
  limit: number,
  after: Record<string, unknown> | undefined,
): Promise<{ items: { personId: string; generation: number }[]; after: Record<string, unknown> | null }> {
  const r = await ddb.send(
    new QueryCommand({
      ...sourceQuery(s, after),
      ProjectionExpression: 'personId, lifecycle.generation',
      Limit: limit,
    }),
  );
  return {
    items: (r.Items ?? []).map((i) => ({
      personId: String(i.personId),
      generation: Number(i.lifecycle?.generation ?? 1),
    })),
    after: r.LastEvaluatedKey ?? null,
  };
}

/** Counts a source, one 1 MB page of the index at a time. */
export async function countPage(
  s: JobSource,
  after: Record<string, unknown> | undefined,
): Promise<{ counted: number; after: Record<string, unknown> | null }> {
  const r = await ddb.send(new QueryCommand({ ...sourceQuery(s, after), Select: 'COUNT' }));
  return { counted: r.Count ?? 0, after: r.LastEvaluatedKey ?? null };
}

/** How many sources a scope has: exams × phases × write shards, or exams × cities. */
export function sourceCount(scope: JobScope, cities: readonly string[]): number {
  return scope.examIds.length * (scope.waiting ? scope.waiting.length * WAIT_SHARDS : cities.length);
}

/** Source `i` of a scope, in a fixed order: exam by exam, then phase by phase and shard by shard (or city by city). */
export function sourceAt(scope: JobScope, i: number, cities: readonly string[]): JobSource {
  const per = scope.waiting ? scope.waiting.length * WAIT_SHARDS : cities.length;
  const examId = scope.examIds[Math.floor(i / per)];
  if (examId === undefined) throw new Error(`no source ${i} in this scope`);
  const j = i % per;
  if (scope.waiting) {
    const phase = scope.waiting[Math.floor(j / WAIT_SHARDS)] as string;
    return {
      index: 'byWaiting',
      key: keys.candidateWaiting(examId, phase, j % WAIT_SHARDS, '').gsi2pk,
      examId,
    };
  }
  return {
    index: 'byExamCity',
    key: keys.candidateQueue(examId, cities[j] as string, '', '').gsi1pk,
    examId,
  };
}
