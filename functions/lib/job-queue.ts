/**
 * Where a job's next chunk is announced. On AWS an SQS queue (JOB_QUEUE_URL) drives the job worker
 * Lambda, one message per chunk `{ jobId, seq }`; locally the in-process worker (scripts/local/jobs.ts)
 * installs itself with `setJobQueue` and reads the active jobs from the table, so a killed process
 * resumes where the table says.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface JobQueue {
  /** chunk `seq` of job `jobId` is due */
  enqueue(jobId: string, seq: number): Promise<void>;
}

function sqsQueue(): JobQueue {
  const sqs = new SQSClient({});
  return {
    async enqueue(jobId, seq) {
      const url = process.env.JOB_QUEUE_URL;
      if (!url) throw new Error('JOB_QUEUE_URL is not set');
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ jobId, seq }) }));
    },
  };
}

let queue: JobQueue | null = null;

export function jobQueue(): JobQueue {
  queue ??= sqsQueue();
  return queue;
}

export function setJobQueue(q: JobQueue | null): void {
  queue = q;
}
