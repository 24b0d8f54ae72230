/**
 * The job runner (functions/acts/jobs.ts starts jobs): runs a job step by step, each step the job's
 * own act's (an import, a notice's pages, a report, …) or the walk over index partitions. Apart from
 * jobs.ts so that an act or handler that only starts a job does not carry every job's code (the
 * spreadsheet, PDF and archive libraries the steps use): only the job worker and the local worker
 * import this.
 */
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import {
  afterChunk,
  CHUNK_SIZE,
  claimChunk,
  failJob,
  isActive,
  type Job,
  type JobItem,
} from '../domain/jobs.js';
import { forgetCalendar } from '../lib/calendar.js';
import { certSigner, publishJwks } from '../lib/cert-signer.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { countPage, jobPut, readJob, sourceAt, sourcePage } from '../lib/jobs.js';
import { logger } from '../lib/logger.js';
import { fanOut, type RateLimit, sfnLimits, TokenBucket } from '../lib/rate-limit.js';
import { bulkStep } from './bulk-decisions.js';
import { startLifecycle } from './candidate-change.js';
import { arrivalStep } from './certificate-batches.js';
import { postFileStep } from './dispatch.js';
import { lockRelease } from './import-files.js';
import { importStep } from './import-step.js';
import { announce, CITIES } from './jobs.js';
import { catchUp } from './lifecycle.js';
import { manifestStep } from './manifest-step.js';
import { materialsStep } from './materials-step.js';
import { noticeStep } from './notice-site.js';
import { reportStep } from './report-step.js';
import { resultsStep } from './result-site.js';
import { spotStep } from './spot-checks.js';

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

/** The cause of the broadcast hr's issuance of the electronic certificates starts (functions/acts/exam-events.ts). */
const ISSUANCE_CAUSE = 'exam.certificatesIssued';

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
    // R17: the issuance's broadcast publishes the public keys in its first step, before it wakes anyone
    // to be signed (a failure throws: the worker runs the step again; the event stays recorded)
    if (job.cause === ISSUANCE_CAUSE && source === 0 && !after) await publishJwks(certSigner());
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

/** A chunk that kept failing (after the worker's tries): the job is recorded as failed with the reason. */
export async function abandonJob(jobId: string, error: string): Promise<void> {
  const job = await readJob(jobId);
  if (!job || !isActive(job)) return;
  // an import gives its exam's lock back (functions/acts/import-files.ts)
  const release = job.action === 'importRows' && job.examId ? [lockRelease(job.examId, job.jobId)] : [];
  await transact([jobPut(failJob(job, error.slice(0, 500), now()), job.seq), ...release]).catch(
    (e: unknown) => {
      if (!(e instanceof ConflictError)) throw e; // it moved on meanwhile: not abandoned after all
    },
  );
  logger.error('job failed', { jobId, kind: job.kind, error: error.slice(0, 500) });
}
