/**
 * The job worker on AWS: the job queue (SQS) → one chunk per message `{ jobId, seq }` (functions/acts/
 * jobs.ts runChunk), which announces the next chunk itself. A chunk that arrives before its turn, or
 * fails, is reported as a batch item failure and comes back after the visibility timeout; on its last
 * receive (the queue's maxReceiveCount) the job is recorded as failed and the message goes to the
 * dead-letter queue, which is alarmed (infra/constructs/jobs.ts).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { abandonJob, runChunk } from '../acts/job-runner.js';
import { resumeStalledJobs } from '../acts/jobs.js';
import { takeDownDueNotices } from '../acts/notice-site.js';
import { reportDueExams } from '../acts/reports.js';
import * as z from '../domain/zod.js';
import { useStreamUploads } from '../lib/file-store.js';
import { logger } from '../lib/logger.js';
import { multipartUpload } from '../lib/s3-uploads.js';

// the steps write converted lists and reports as streams: in parts, never whole in memory
useStreamUploads(multipartUpload);

/** The queue's maxReceiveCount (infra/constructs/jobs.ts reads it from here). */
export const MAX_RECEIVES = 5;

const message = z.object({
  jobId: z.string().check(z.minLength(1)),
  seq: z.number().check(z.int(), z.gte(0)),
});

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    const parsed = message.safeParse(JSON.parse(r.body || 'null'));
    if (!parsed.success) {
      logger.error('job message ignored: not { jobId, seq }', { messageId: r.messageId });
      continue;
    }
    const { jobId, seq } = parsed.data;
    try {
      await runChunk(jobId, seq);
    } catch (e) {
      const receives = Number(r.attributes.ApproximateReceiveCount ?? 1);
      logger.warn('job chunk will be retried', { jobId, seq, receives, error: (e as Error).message });
      if (receives >= MAX_RECEIVES) await abandonJob(jobId, (e as Error).message);
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
};

/**
 * The sweeper (EventBridge, every 5 minutes): active jobs that stopped moving are announced again, and
 * every notice whose period is over gets the job that takes its list down (N4), and every exam whose
 * round 1 is due gets its round-1 report for hr (R7).
 */
export const sweep = async (): Promise<{ resumed: number; takenDown: number; reports: number }> => ({
  resumed: await resumeStalledJobs(),
  takenDown: await takeDownDueNotices(),
  reports: await reportDueExams(),
});
