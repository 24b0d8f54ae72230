/**
 * Calling Step Functions for many candidates at once (200,000 StartExecution after an import; one
 * SendTaskSuccess per waiting candidate when an exam-wide event happens) at the rate the region's
 * token buckets refill, retrying throttles with backoff, losing none.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, WAIT_SHARDS } from '../data/tables.js';
import { calendarData, isCovered } from '../domain/calendar.js';
import { DomainError } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import { mergeYear, type YearCalendarUpload } from '../domain/holidays.js';
import { type WaitPhase, waitPhases } from '../domain/lifecycle.js';
import { henanCities } from '../domain/regions.js';
import { forgetCalendar, loadCalendar } from './calendar.js';
import { listExams } from './catalog.js';
import { now } from './clock.js';
import { ddb, tableName, writeWithAudit } from './db.js';
import { catchUp, startLifecycle } from './lifecycle.js';
import { logger } from './logger.js';
import { isThrottle } from './workflow-client.js';

export interface RateLimit {
  /** tokens added per second (the bucket's refill rate) */
  ratePerSecond: number;
  /** bucket size: how many calls may go at once after a pause */
  burst: number;
}

/**
 * Default limits, set below the smaller regions' Step Functions API token buckets; override per region
 * with SFN_START_RATE / SFN_START_BURST / SFN_TASK_RATE / SFN_TASK_BURST (Service Quotas console).
 */
export function sfnLimits(env = process.env): { start: RateLimit; task: RateLimit } {
  const n = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return {
    start: { ratePerSecond: n(env.SFN_START_RATE, 150), burst: n(env.SFN_START_BURST, 800) },
    task: { ratePerSecond: n(env.SFN_TASK_RATE, 150), burst: n(env.SFN_TASK_BURST, 800) },
  };
}

export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realSleeper: Sleeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)),
};

/** A token bucket: `take()` resolves when a call may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Sleeper = realSleeper,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }
  async take(): Promise<void> {
    for (;;) {
      const t = this.clock.now();
      this.tokens = Math.min(
        this.limit.burst,
        this.tokens + ((t - this.last) / 1000) * this.limit.ratePerSecond,
      );
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.limit.ratePerSecond) * 1000));
    }
  }
}

export interface FanOutReport {
  done: number;
  throttled: number;
  failed: { item: string; error: string }[];
}

/**
 * Run `call` for every item at the bucket's rate, `concurrency` at a time; a throttled call waits
 * (exponential backoff with jitter) and is tried again, up to `maxAttempts`; other errors are reported.
 */
export async function fanOut<T>(
  items: AsyncIterable<T> | Iterable<T>,
  call: (item: T) => Promise<void>,
  opts: {
    limit: RateLimit;
    concurrency?: number;
    maxAttempts?: number;
    label?: (item: T) => string;
    clock?: Sleeper;
    onProgress?: (r: FanOutReport) => void;
  },
): Promise<FanOutReport> {
  const clock = opts.clock ?? realSleeper;
  const bucket = new TokenBucket(opts.limit, clock);
  const report: FanOutReport = { done: 0, throttled: 0, failed: [] };
  const maxAttempts = opts.maxAttempts ?? 10;
  const running = new Set<Promise<void>>();
  const one = async (item: T) => {
    for (let attempt = 1; ; attempt++) {
      await bucket.take();
      try {
        await call(item);
        report.done++;
        opts.onProgress?.(report);
        return;
      } catch (e) {
        if (isThrottle(e) && attempt < maxAttempts) {
          report.throttled++;
          await clock.sleep(Math.min(20_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        report.failed.push({
          item: opts.label?.(item) ?? String(item),
          error: (e as Error).name || String(e),
        });
        return;
      }
    }
  };
  for await (const item of items) {
    const p = one(item).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= (opts.concurrency ?? 32)) await Promise.race(running);
  }
  await Promise.all(running);
  return report;
}

/** Every candidate of an exam with the execution generation carrying its lifecycle, city by city (the byExamCity index): never a Scan. */
export async function* candidatesOfExam(
  examId: string,
): AsyncGenerator<{ personId: string; generation: number }> {
  for (const city of henanCities.keys()) {
    let start: Record<string, unknown> | undefined;
    do {
      const r = await ddb.send(
        new QueryCommand({
          TableName: tableName('candidates'),
          IndexName: 'byExamCity',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.candidateQueue(examId, city, '', '').gsi1pk },
          ProjectionExpression: 'personId, lifecycle.generation',
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? []) {
        yield { personId: String(i.personId), generation: Number(i.lifecycle?.generation ?? 1) };
      }
      start = r.LastEvaluatedKey;
    } while (start);
  }
}

/** Candidates of an exam whose lifecycle waits in `phase` (the sparse byWaiting index, all shards). */
export async function* waitingIn(examId: string, phase: WaitPhase): AsyncGenerator<string> {
  for (let shard = 0; shard < WAIT_SHARDS; shard++) {
    let start: Record<string, unknown> | undefined;
    do {
      const r = await ddb.send(
        new QueryCommand({
          TableName: tableName('candidates'),
          IndexName: 'byWaiting',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.candidateWaiting(examId, phase, shard, '').gsi2pk },
          ProjectionExpression: 'personId',
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? []) yield String(i.personId);
      start = r.LastEvaluatedKey;
    } while (start);
  }
}

/**
 * Start (or resume) the lifecycle of every candidate of an exam, with the generation its record names;
 * names are deterministic, so a lifecycle already running is not started twice.
 */
export async function startExamLifecycles(examId: string, opts: { limit?: RateLimit; clock?: Sleeper } = {}) {
  const report = await fanOut(
    candidatesOfExam(examId),
    (c) => startLifecycle(examId, c.personId, c.generation).then(() => undefined),
    {
      limit: opts.limit ?? sfnLimits().start,
      label: (c) => c.personId,
      ...(opts.clock ? { clock: opts.clock } : {}),
    },
  );
  logger.info('lifecycles started', {
    examId,
    done: report.done,
    throttled: report.throttled,
    failed: report.failed.length,
  });
  return report;
}

/**
 * An exam-wide event (recorded on the exam first) reaches every candidate waiting for it: each one's
 * record is updated with its audit record and message, and its execution woken (`catchUp`, idempotent,
 * so throttled calls are simply retried). Candidates not yet waiting get it when they arrive.
 */
export async function broadcast(
  examId: string,
  phase: WaitPhase,
  actor: string,
  opts: { limit?: RateLimit; clock?: Sleeper } = {},
) {
  return fanOut(
    waitingIn(examId, phase),
    (personId) => catchUp(examId, personId, actor).then(() => undefined),
    {
      limit: opts.limit ?? sfnLimits().task,
      label: (p) => p,
      ...(opts.clock ? { clock: opts.clock } : {}),
    },
  );
}

/**
 * Every waiting lifecycle of an exam re-plans from the current calendar and record (after hr loads a
 * year's holidays, T3): executions whose next wake-up moved earlier are woken; the rest wake as planned
 * and re-plan then.
 */
export async function replanExam(
  examId: string,
  actor: string,
  opts: { limit?: RateLimit; clock?: Sleeper } = {},
) {
  async function* all() {
    for (const phase of waitPhases) yield* waitingIn(examId, phase);
  }
  return fanOut(all(), (personId) => catchUp(examId, personId, actor).then(() => undefined), {
    limit: opts.limit ?? sfnLimits().task,
    label: (p) => p,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
}

/** Exam-wide events, the exam field that records each, and the phase whose waiters it wakes. */
export const examEvents = {
  resultsAnnounced: { field: 'resultsAnnouncedAt', phase: 'results', rule: 'R9' },
  supplementaryAnnounced: { field: 'supplementaryAnnouncedAt', phase: 'supplementaryResults', rule: 'R13' },
  certificatesArrived: { field: 'certificatesArrivedAt', phase: 'arrival', rule: 'N3' },
} as const satisfies Record<string, { field: keyof Exam; phase: WaitPhase; rule: string }>;
export type ExamEventKind = keyof typeof examEvents;

/**
 * Record an exam-wide event once (with its audit record), then bring every waiting candidate up to
 * date. Running it again after an interruption only finishes the broadcast.
 */
export async function recordExamEvent(
  examId: string,
  kind: ExamEventKind,
  actor: string,
  opts: { limit?: RateLimit; clock?: Sleeper } = {},
) {
  const e = examEvents[kind];
  const at = now().toISOString();
  try {
    await writeWithAudit(
      [
        {
          Update: {
            TableName: tableName('catalog'),
            Key: keys.exam(examId),
            UpdateExpression: 'SET #f = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#f)',
            ExpressionAttributeNames: { '#f': e.field },
            ExpressionAttributeValues: { ':at': at },
          },
        },
      ],
      { subject: `EXAM#${examId}`, action: `exam.${kind}`, actor, details: { rule: e.rule } },
    );
  } catch (err) {
    if (!(err instanceof DomainError && err.code === 'CONFLICT')) throw err;
    // already recorded: finish the broadcast
  }
  return broadcast(examId, e.phase, actor, opts);
}

/**
 * T3: load a year's holidays and adjusted working days (replacing that year), with the audit record,
 * then let every waiting lifecycle re-plan: deadlines are computed from the calendar each time, so the
 * provisional ones are recomputed at once, and executions whose wake-up moved earlier are woken.
 */
export async function loadCalendarYear(upload: YearCalendarUpload, actor: string) {
  const before = await loadCalendar();
  const wasCovered = isCovered(before, upload.year);
  const next = mergeYear(before, upload);
  const at = now().toISOString();
  const touched = new Set([
    upload.year,
    ...[...upload.holidays, ...upload.workdays].map((d) => Number(d.slice(0, 4))),
  ]);
  await writeWithAudit(
    calendarData(next)
      .filter((y) => touched.has(y.year))
      .map((y) => ({
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.calendarYear(y.year), ...y, loadedAt: at, loadedBy: actor },
        },
      })),
    {
      subject: 'CALENDAR',
      action: wasCovered ? 'calendar.replaced' : 'calendar.loaded',
      actor,
      details: { year: upload.year },
    },
  );
  forgetCalendar();
  let replanned = 0;
  for (const e of await listExams()) {
    const r = await replanExam(e.id, actor);
    replanned += r.done;
  }
  return { loadedAt: at, replanned };
}
