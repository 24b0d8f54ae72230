/**
 * Long work as jobs: a broadcast to every waiting candidate of an exam, a re-plan after a calendar or
 * schedule change, the start of every lifecycle of an exam — later imports, bulk decisions, reports,
 * batch issuance, manifests. A job walks a list of sources (index partitions) in chunks; each chunk is
 * idempotent work on at most CHUNK_SIZE items, and the job records, per chunk, how far it got. So any
 * worker can pick a job up where the last one stopped (a killed process, a Lambda that timed out), and a
 * chunk done twice changes nothing and counts once.
 *
 * Pure: the record and how it moves on. Storage, the queue and the work itself are the act layer's.
 */

/** What a job does to each item it walks. */
export const jobActions = [
  'catchUp',
  'startLifecycle',
  'importRows',
  'renderNotice',
  'takeDownNotice',
  'drawSpotCheck',
  'round1Report',
  'renderResults',
  'supplementaryReport',
  'renderSupplementaryResults',
  /** R20: the custody register and the transfer register (functions/acts/reports.ts) */
  'custodyReport',
  'transferReport',
  'bulkPreview',
  'bulkDecide',
  'recordArrival',
  'exportManifest',
  'importTracking',
  'importDelivery',
] as const;
export type JobAction = (typeof jobActions)[number];

/** What a job is for, as shown to people. */
export const jobKinds = [
  'examEvent',
  'examReplan',
  'calendarReplan',
  'startLifecycles',
  'import',
  'notice',
  'spotCheck',
  'report',
  'bulkDecision',
  'arrival',
  'dispatch',
] as const;
export type JobKind = (typeof jobKinds)[number];

/** Items per chunk: small enough for one Lambda invocation at the Step Functions rate, with room to spare. */
export const CHUNK_SIZE = 100;
/** Errors kept on the record (the count is exact; the list is for people to look at). */
export const MAX_JOB_ERRORS = 100;

/**
 * What a job walks: the candidates of these exams, either those waiting in these lifecycle phases (the
 * byWaiting index, every write shard) or all of them (the work-queue index, city by city). Stored as
 * this description, never as the list of partitions, so a job over 40 exams stays a small record.
 */
export interface JobScope {
  examIds: string[];
  /** lifecycle phases whose waiting candidates are walked; absent: every candidate */
  waiting?: string[];
}

/** One partition of an index the job walks: its candidates belong to `examId`. */
export interface JobSource {
  index: 'byWaiting' | 'byExamCity';
  /** the partition key value, e.g. W#{examId}#{phase}#{shard} */
  key: string;
  examId: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** Where the job is: counting its items first (for the progress bar), then working through them. */
export interface JobPosition {
  stage: 'count' | 'work';
  source: number;
  /** the store's resume point inside the source (never shown to anyone) */
  after?: Record<string, unknown>;
}

export interface Job {
  jobId: string;
  kind: JobKind;
  action: JobAction;
  /** the exam the job belongs to, if one (scope: who may see it) */
  examId?: string;
  /** what caused it, for the record: e.g. `exam.resultsAnnounced`, `calendar.loaded` */
  cause: string;
  /** who started it (audit form, e.g. staff:zjt.verifier) */
  actor: string;
  scope: JobScope;
  /** how many sources (index partitions) the scope has; the store derives each one from the scope */
  sourceCount: number;
  position: JobPosition;
  /**
   * The items of the chunk being worked, claimed before the work starts, with where the source goes on
   * after them. A worker that dies half-way leaves them here; the next one works exactly these again
   * (each item is idempotent), so nothing is skipped even when worked items leave the index (a woken
   * candidate leaves the waiting index) and nothing is counted twice.
   */
  claimed?: { items: JobItem[]; end: ChunkEnd };
  /** chunk sequence number: step n moves the job from seq n to n + 1, once */
  seq: number;
  status: JobStatus;
  /** items found when counting; null until counted */
  total: number | null;
  done: number;
  failed: number;
  errors: { item: string; error: string }[];
  /**
   * a job over a file (an import): its format and, once read, a list's header and where its data
   * starts (a materials ZIP: its entries are walked by index)
   */
  file?: { format: 'csv' | 'xlsx' | 'zip'; header?: string[]; dataStart?: number };
  /** what the items came to, by outcome (an import: imported, updated, unchanged, rejected) */
  tally?: Record<string, number>;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** What a job is to do: everything but its progress. */
export type JobSpec = Pick<Job, 'kind' | 'action' | 'cause' | 'actor' | 'scope' | 'sourceCount'> & {
  examId?: string | undefined;
  file?: Job['file'];
};

export function newJob(spec: JobSpec, jobId: string, now: Date): Job {
  const at = now.toISOString();
  const { examId, ...rest } = spec;
  return {
    jobId,
    ...rest,
    ...(examId ? { examId } : {}),
    position: { stage: 'count', source: 0 },
    seq: 0,
    status: spec.sourceCount ? 'queued' : 'done',
    total: spec.sourceCount ? null : 0,
    done: 0,
    failed: 0,
    errors: [],
    createdAt: at,
    updatedAt: at,
    ...(spec.sourceCount ? {} : { finishedAt: at }),
  };
}

/** One item of a job: a candidate of one exam, with the execution generation carrying its lifecycle. */
export interface JobItem {
  examId: string;
  personId: string;
  generation: number;
}

/** Where a chunk stopped: the source it reached (sourceCount when the stage is through) and the page. */
export interface ChunkEnd {
  source: number;
  after?: Record<string, unknown>;
}

/** What one chunk found or did: items counted, or items worked (with the ones that failed). */
export type ChunkResult =
  | { stage: 'count'; counted: number; end: ChunkEnd }
  | {
      stage: 'work';
      done: number;
      failed: { item: string; error: string }[];
      end: ChunkEnd;
      /** items that failed without an entry in the job's own list (an import's rows: reported apart) */
      failedElsewhere?: number;
      /** outcomes to add to the job's tally */
      tally?: Record<string, number>;
    };

/** The job after a chunk: counts added, position moved on (next page, next source, next stage, or done). */
export function afterChunk(job: Job, r: ChunkResult, now: Date): Job {
  const at = now.toISOString();
  const through = r.end.source >= job.sourceCount;
  const position: JobPosition = !through
    ? { stage: r.stage, source: r.end.source, ...(r.end.after ? { after: r.end.after } : {}) }
    : r.stage === 'count'
      ? { stage: 'work', source: 0 }
      : { stage: 'work', source: job.sourceCount };
  const finished = through && r.stage === 'work';
  const { claimed: _done, ...rest } = job;
  const next: Job = {
    ...rest,
    position,
    seq: job.seq + 1,
    status: finished ? 'done' : 'running',
    updatedAt: at,
    ...(finished ? { finishedAt: at } : {}),
  };
  if (r.stage === 'count') {
    next.total = (job.total ?? 0) + r.counted;
  } else {
    next.done = job.done + r.done;
    next.failed = job.failed + r.failed.length + (r.failedElsewhere ?? 0);
    if (r.tally) {
      const tally = { ...(job.tally ?? {}) };
      for (const [k, v] of Object.entries(r.tally)) tally[k] = (tally[k] ?? 0) + v;
      next.tally = tally;
    }
    next.errors = [...job.errors, ...r.failed].slice(0, MAX_JOB_ERRORS);
    // items that joined while the job ran (a candidate reaching the phase) are worked too
    next.total = Math.max(job.total ?? 0, next.done + next.failed);
  }
  return next;
}

/**
 * Claim the next chunk's items before working them (see `claimed`). A chunk with no items has nothing
 * to claim: the job moves straight on to where the sources end.
 */
export function claimChunk(job: Job, items: JobItem[], end: ChunkEnd, now: Date): Job {
  if (!items.length) return afterChunk(job, { stage: 'work', done: 0, failed: [], end }, now);
  return {
    ...job,
    claimed: { items, end },
    seq: job.seq + 1,
    status: 'running',
    updatedAt: now.toISOString(),
  };
}

/** A job whose chunks stopped for good (e.g. its exam was removed): recorded as failed with the reason. */
export function failJob(job: Job, error: string, now: Date): Job {
  const at = now.toISOString();
  const { claimed: _left, ...rest } = job;
  return {
    ...rest,
    status: 'failed',
    seq: job.seq + 1,
    // the reason comes first: it is never cut off by a list already full of item errors
    errors: [{ item: 'job', error }, ...job.errors].slice(0, MAX_JOB_ERRORS),
    updatedAt: at,
    finishedAt: at,
  };
}

export const isActive = (j: Pick<Job, 'status'>): boolean => j.status === 'queued' || j.status === 'running';

/** A job as people see it: progress, never its sources or resume points. */
export function jobView(j: Job) {
  const processed = j.done + j.failed;
  return {
    jobId: j.jobId,
    kind: j.kind,
    cause: j.cause,
    examId: j.examId ?? null,
    status: j.status,
    stage: isActive(j) ? j.position.stage : null,
    total: j.total,
    done: j.done,
    failed: j.failed,
    /** 0–100, once the items are counted */
    percent:
      j.status === 'done' ? 100 : j.total ? Math.min(99, Math.floor((processed / j.total) * 100)) : null,
    errors: j.errors.slice(0, 20),
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    finishedAt: j.finishedAt ?? null,
  };
}
export type JobView = ReturnType<typeof jobView>;
