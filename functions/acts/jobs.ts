/**
 * Long work as jobs (functions/domain/jobs.ts). An act that starts long work writes the job record in
 * the same transaction as its own change, then announces the first chunk; a worker (SQS + Lambda on
 * AWS, the in-process worker locally) runs the job chunk by chunk with `runChunk` (job-runner.ts). Each chunk is
 * idempotent work (catching a candidate up, starting a lifecycle under its deterministic name), and the
 * job moves on only by a write conditional on its chunk number, so a chunk run twice counts once.
 */
import { seesExamType } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { isActive, type Job, type JobSpec, jobView, newJob } from '../domain/jobs.js';
import { henanCities } from '../domain/regions.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { newId } from '../lib/ids.js';
import { jobQueue } from '../lib/job-queue.js';
import { allActiveJobs, jobPut, jobsOfExam, readJob, sourceCount } from '../lib/jobs.js';
import { logger } from '../lib/logger.js';
import type { Actor, StaffActor } from './actor.js';

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

/** The cities a whole-exam job walks, in a fixed order (the position of a running job depends on it). */
export const CITIES: readonly string[] = [...henanCities.keys()];

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
