/**
 * The local job worker: plays SQS + the job-worker Lambda in one process. Its queue is the jobs table
 * itself (the sparse byActive index), so a process that is killed half-way resumes every job where its
 * record says on the next start. Each chunk is `runChunk`, the same act the Lambda runs on AWS.
 */
import { abandonJob, runChunk } from '../../functions/acts/job-runner.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import { activeJobs } from '../../functions/lib/jobs.js';
import type { RateLimit } from '../../functions/lib/rate-limit.js';

export interface LocalJobWorker {
  /** resolves once no job is queued or running (tests, start-up) */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Tries of one chunk before its job is recorded as failed (SQS: maxReceiveCount of the queue). */
const MAX_TRIES = 5;

export function startLocalJobWorker(
  opts: { pollMs?: number; limit?: RateLimit; quiet?: boolean } = {},
): LocalJobWorker {
  const pollMs = opts.pollMs ?? 500;
  let running = true;
  let wakeUp: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];
  let pending = true; // something may be queued: look before calling the worker idle
  const tries = new Map<string, number>();

  const wake = () => {
    pending = true;
    wakeUp?.();
  };
  setJobQueue({ enqueue: async () => wake() });

  const sleep = (ms: number) =>
    new Promise<void>((ok) => {
      const t = setTimeout(ok, ms);
      wakeUp = () => {
        clearTimeout(t);
        ok();
      };
    });

  const loop = (async () => {
    while (running) {
      pending = false;
      let jobs: Awaited<ReturnType<typeof activeJobs>>;
      try {
        jobs = await activeJobs();
      } catch (e) {
        if (!running) break;
        if (!opts.quiet) console.error('job worker:', (e as Error).message);
        await sleep(pollMs);
        continue;
      }
      if (!jobs.length && !pending) {
        for (const w of idleWaiters) w();
        idleWaiters = [];
        await sleep(pollMs);
        continue;
      }
      // one chunk of each active job in turn, so a long job does not hold up a short one
      for (const job of jobs) {
        if (!running) break;
        const key = `${job.jobId}:${job.seq}`;
        try {
          await runChunk(job.jobId, job.seq, opts.limit ? { limit: opts.limit } : {});
          tries.delete(key);
        } catch (e) {
          const n = (tries.get(key) ?? 0) + 1;
          tries.set(key, n);
          if (!opts.quiet)
            console.error(
              `job ${job.jobId} chunk ${job.seq} failed (${n}/${MAX_TRIES}):`,
              (e as Error).message,
            );
          if (n >= MAX_TRIES) {
            tries.delete(key);
            await abandonJob(job.jobId, (e as Error).message).catch(() => undefined);
          } else await sleep(Math.min(10_000, 200 * 2 ** n));
        }
      }
    }
  })();

  return {
    idle: () =>
      new Promise<void>((ok) => {
        idleWaiters.push(ok);
        wake();
      }),
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      for (const w of idleWaiters) w();
      setJobQueue(null);
    },
  };
}
