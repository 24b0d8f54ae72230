/**
 * Long work as jobs (functions/domain/jobs.ts). An act that starts long work writes the job record in
 * the same transaction as its own change, then announces the first chunk; a worker (SQS + Lambda on
 * AWS, the in-process worker locally) runs the job chunk by chunk with `runChunk`. Each chunk is
 * idempotent work (catching a candidate up, starting a lifecycle under its deterministic name), and the
 * job moves on only by a write conditional on its chunk number, so a chunk run twice counts once.
 */
import { seesExamType } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import {
  afterChunk,
  CHUNK_SIZE,
  claimChunk,
  failJob,
  isActive,
  type Job,
  type JobItem,
  type JobSpec,
  jobView,
  newJob,
} from '../domain/jobs.js';
import { henanCities } from '../domain/regions.js';
import { forgetCalendar } from '../lib/calendar.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { newId } from '../lib/ids.js';
import { jobQueue } from '../lib/job-queue.js';
import {
  allActiveJobs,
  countPage,
  jobPut,
  jobsOfExam,
  readJob,
  sourceAt,
  sourceCount,
  sourcePage,
} from '../lib/jobs.js';
import { logger } from '../lib/logger.js';
import { fanOut, type RateLimit, sfnLimits, TokenBucket } from '../lib/rate-limit.js';
import type { Actor, StaffActor } from './actor.js';
import { bulkStep } from './bulk-decisions.js';
import { startLifecycle } from './candidate-change.js';
import { arrivalStep } from './certificate-batches.js';
import { manifestStep, postFileStep } from './dispatch.js';
import { importStep, lockRelease } from './imports.js';
import { catchUp } from './lifecycle.js';
import { materialsStep } from './materials.js';
import { noticeStep } from './notice-site.js';
import { reportStep } from './reports.js';
import { resultsStep } from './result-site.js';
import { spotStep } from './spot-checks.js';

/** A new job and the transaction item that writes it (to go in the transaction of the act that starts it). */
export function prepareJob(spec: Omit<JobSpec, 'sourceCount'> & { sourceCount?: number }): {
  job: Job;
  item: TxItem;
} {
  // a job over index partitions has one source per partition; a job over a file (an import) one
  const count = spec.sourceCount ?? sourceCount(spec.scope, CITIES);
  const job = newJob({ ...spec, sourceCount: count }, newId(now()), now());
  return { job, item: jobPut(job, null) };
}

/** Announce a job's first chunk once its record is written (a job with nothing to do is done at once). */
export async function announce(job: Job): Promise<void> {
  if (isActive(job)) await jobQueue().enqueue(job.jobId, job.seq);
}

/** Start a job on its own (no other change goes with it): write it, announce it. */
export async function startJob(spec: Omit<JobSpec, 'sourceCount'>): Promise<Job> {
  const { job, item } = prepareJob(spec);
  await transact([item]);
  await announce(job);
  return job;
}

/** A chunk that asks to come before the job is there (SQS delivered a later chunk first): retry later. */
export class ChunkNotYetDue extends Error {
  override name = 'ChunkNotYetDue';
}

export interface ChunkOptions {
  /** rate of the calls each item makes (default: the Step Functions task or start rate) */
  limit?: RateLimit;
}

const buckets = new Map<string, TokenBucket>();
const sharedBucket = (action: string, limit: RateLimit): TokenBucket => {
  const known = buckets.get(action);
  if (known) return known;
  const made = new TokenBucket(limit);
  buckets.set(action, made);
  return made;
};

/** The cities a whole-exam job walks, in a fixed order (the position of a running job depends on it). */
export const CITIES: readonly string[] = [...henanCities.keys()];

/** Sources a chunk may pass over when they are empty (most waiting shards are, in a re-plan). */
const MAX_SOURCES_PER_CHUNK = 32;

/**
 * One step of a job from where it stands: count (a page of each source, moving on through finished
 * ones); claim the next page of at most CHUNK_SIZE items (passing over empty sources); or work the
 * claimed items.
 */
async function step(job: Job, opts: ChunkOptions): Promise<Job> {
  const { stage } = job.position;
  let source = job.position.source;
  let after = job.position.after;
  const last = Math.min(job.sourceCount, source + MAX_SOURCES_PER_CHUNK);
  const at = (i: number) => sourceAt(job.scope, i, CITIES);
  if (stage === 'count') {
    let counted = 0;
    for (; source < last; source++, after = undefined) {
      const page = await countPage(at(source), after);
      counted += page.counted;
      if (page.after) return afterChunk(job, { stage, counted, end: { source, after: page.after } }, now());
    }
    return afterChunk(job, { stage, counted, end: { source } }, now());
  }
  if (job.claimed) {
    const call =
      job.action === 'startLifecycle'
        ? (c: JobItem) => startLifecycle(c.examId, c.personId, c.generation).then(() => undefined)
        : (c: JobItem) => catchUp(c.examId, c.personId, job.actor).then(() => undefined);
    const limit = opts.limit ?? (job.action === 'startLifecycle' ? sfnLimits().start : sfnLimits().task);
    const report = await fanOut(job.claimed.items, call, {
      limit,
      // one bucket per process and action across chunks: a fresh (full) one per chunk would never wait
      bucket: opts.limit ? new TokenBucket(limit) : sharedBucket(job.action, limit),
      label: (c) => c.personId,
    });
    return afterChunk(job, { stage, done: report.done, failed: report.failed, end: job.claimed.end }, now());
  }
  for (; source < last; source++, after = undefined) {
    const s = at(source);
    const page = await sourcePage(s, CHUNK_SIZE, after);
    if (!page.items.length && !page.after) continue;
    const items = page.items.map((i) => ({ examId: s.examId, ...i }));
    return claimChunk(job, items, page.after ? { source, after: page.after } : { source: source + 1 }, now());
  }
  return claimChunk(job, [], { source }, now());
}

/**
 * The jobs whose steps are their act's own (an import, a notice's pages, a draw, a report, a bulk
 * decision): the step for this action, or null for the walk over index partitions above. A switch, not
 * a table built at load time: these modules import this one.
 */
function customStep(action: Job['action'], job: Job): Promise<StepResult> | null {
  switch (action) {
    case 'importRows':
      return job.file?.format === 'zip' ? materialsStep(job) : importStep(job);
    case 'renderNotice':
    case 'takeDownNotice':
      return noticeStep(job);
    case 'drawSpotCheck':
      return spotStep(job);
    case 'round1Report':
    case 'supplementaryReport':
    case 'custodyReport':
    case 'transferReport':
      return reportStep(job);
    case 'renderResults':
    case 'renderSupplementaryResults':
      return resultsStep(job);
    case 'bulkPreview':
    case 'bulkDecide':
      return bulkStep(job);
    case 'recordArrival':
      return arrivalStep(job);
    case 'exportManifest':
      return manifestStep(job);
    case 'importTracking':
    case 'importDelivery':
      return postFileStep(job);
    default:
      return null;
  }
}

/** What a step comes to: the job moved on, what else its transaction writes, jobs it starts. */
type StepResult = { job: Job; also: TxItem[]; announce: Job[] };

/**
 * Run step `seq` of a job (count a page, claim a chunk, or work the claimed chunk), then move the job on
 * — conditional on `seq`, so a step done twice (a redelivered message, a restarted worker) moves it
 * once — and announce the next step. Returns the job as it now stands.
 */
export async function runChunk(
  jobId: string,
  seq: number,
  opts: ChunkOptions = {},
): Promise<Job | undefined> {
  const job = await readJob(jobId);
  if (!job || !isActive(job) || job.seq > seq) return job; // finished, or this step was done already
  if (job.seq < seq) throw new ChunkNotYetDue(`job ${jobId} is at step ${job.seq}, not ${seq}`);
  // a re-plan is for a calendar (or schedule) just changed: never plan on this process's cached copy
  if (job.kind === 'calendarReplan' || job.kind === 'examReplan') forgetCalendar();
  let stepped: StepResult;
  try {
    const custom = customStep(job.action, job);
    stepped = custom ? await custom : { job: await step(job, opts), also: [], announce: [] };
  } catch (e) {
    // a file that cannot be imported (bad CSV, not an XLSX, a header without its columns) fails the
    // job at once with the reason; anything else is thrown, for the worker to try again
    if (job.action !== 'importRows' || !(e instanceof DomainError) || e instanceof ConflictError) throw e;
    stepped = {
      job: failJob(job, e.message, now()),
      also: job.examId ? [lockRelease(job.examId, job.jobId)] : [],
      announce: [],
    };
  }
  const next = stepped.job;
  try {
    await transact([jobPut(next, job.seq), ...stepped.also]);
  } catch (e) {
    if (e instanceof ConflictError) return readJob(jobId); // another worker moved it on first
    throw e;
  }
  if (next.status === 'done')
    logger.info('job done', { jobId, kind: job.kind, done: next.done, failed: next.failed });
  for (const j of stepped.announce) await announce(j);
  await announce(next);
  return next;
}

/** Run a job to its end in this process (tests, tools); the worker does the same chunk by chunk. */
export async function drainJob(jobId: string, opts: ChunkOptions = {}): Promise<Job> {
  for (;;) {
    const job = await readJob(jobId);
    if (!job) throw notFound('任务');
    if (!isActive(job)) return job;
    await runChunk(jobId, job.seq, opts);
  }
}

/** Who may follow a job: staff who see its exam (R1); a job of no exam, hr or whoever started it. */
function maySee(actor: StaffActor, job: Job, examType: string | undefined): boolean {
  if (examType) return seesExamType(actor.dept, examType);
  return actor.dept.kind === 'hr' || job.actor === `staff:${actor.username}`;
}

export async function jobDetail(actor: Actor, jobId: string) {
  const job = actor.kind === 'staff' ? await readJob(jobId) : undefined;
  if (!job || actor.kind !== 'staff') throw notFound('任务');
  const exam = job.examId ? await getExam(job.examId) : undefined;
  if (!maySee(actor, job, exam?.examType)) throw notFound('任务');
  return jobView(job);
}

/** An exam's recent jobs, newest first, so a page left during long work can be returned to. */
export async function examJobs(actor: StaffActor, examId: string) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  return { items: (await jobsOfExam(examId)).map(jobView) };
}

/** A chunk that kept failing (after the worker's tries): the job is recorded as failed with the reason. */
export async function abandonJob(jobId: string, error: string): Promise<void> {
  const job = await readJob(jobId);
  if (!job || !isActive(job)) return;
  // an import gives its exam's lock back (functions/acts/imports.ts)
  const release = job.action === 'importRows' && job.examId ? [lockRelease(job.examId, job.jobId)] : [];
  await transact([jobPut(failJob(job, error.slice(0, 500), now()), job.seq), ...release]).catch(
    (e: unknown) => {
      if (!(e instanceof ConflictError)) throw e; // it moved on meanwhile: not abandoned after all
    },
  );
  logger.error('job failed', { jobId, kind: job.kind, error: error.slice(0, 500) });
}

/**
 * A job no step has moved for this long has lost its queue message (a crash between save and send):
 * longer than a failing step's own retries take (5 receives × the queue's 6-minute visibility timeout),
 * so the sweeper never doubles a step that is only waiting for its retry.
 */
export const STALLED_AFTER_MS = 35 * 60_000;

/**
 * The sweeper (on AWS every few minutes): announce again the current step of every active job that has
 * not moved for STALLED_AFTER_MS. A duplicate announcement is harmless: each step moves the job once,
 * and a message for a step already done is dropped.
 */
export async function resumeStalledJobs(): Promise<number> {
  const cutoff = now().getTime() - STALLED_AFTER_MS;
  let resumed = 0;
  // every active job, page by page: however many are queued, none is left behind
  for await (const job of allActiveJobs()) {
    if (Date.parse(job.updatedAt) > cutoff) continue;
    try {
      await jobQueue().enqueue(job.jobId, job.seq);
      logger.warn('stalled job announced again', { jobId: job.jobId, kind: job.kind, seq: job.seq });
      resumed++;
    } catch (e) {
      // one job's failure does not keep the others from being resumed; the next sweep tries it again
      logger.error('stalled job could not be announced', { jobId: job.jobId, error: (e as Error).message });
    }
  }
  return resumed;
}
