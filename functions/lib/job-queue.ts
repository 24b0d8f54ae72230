/**
 * Where a job's next chunk is announced. On AWS an SQS queue (JOB_QUEUE_URL) drives the job worker
 * Lambda, one message per chunk `{ jobId, seq }`; locally the in-process worker (scripts/local/jobs.ts)
 * installs itself with `setJobQueue` and reads the active jobs from the table, so a killed process
 * resumes where the table says.
 */
import { type AwsRest, awsRest, jsonCall } from './aws-rest.js';

export interface JobQueue {
  /** chunk `seq` of job `jobId` is due */
  enqueue(jobId: string, seq: number): Promise<void>;
}

/**
 * SQS's SendMessage in its JSON protocol (`AmazonSQS.SendMessage`, application/x-amz-json-1.0), posted
 * signed to the queue's own endpoint (functions/lib/aws-rest.ts: the SDK's SQS client is ~20 KB of an
 * API bundle for this one call, issue 14 §7).
 */
export function sqsQueue(sqs: AwsRest = awsRest('sqs'), queueUrl = process.env.JOB_QUEUE_URL): JobQueue {
  return {
    async enqueue(jobId, seq) {
      if (!queueUrl) throw new Error('JOB_QUEUE_URL is not set');
      await jsonCall(sqs, `${new URL(queueUrl).origin}/`, 'AmazonSQS.SendMessage', {
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ jobId, seq }),
      });
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
