/**
 * A job worker in a process of its own, for the test that kills it with SIGKILL half-way through a job
 * (test/integration/jobs.test.ts). It runs the local job worker (scripts/local/jobs.ts) against the
 * DynamoDB Local and tables named in its environment, slowly (JOB_CHILD_RATE items per second), with
 * a workflow client that accepts every wake (the executions are not what is under test here).
 */
import { localEnv } from '../../scripts/local/runtime.js';

const endpoint = process.env.JOB_CHILD_DYNAMO ?? '';
const prefix = process.env.JOB_CHILD_PREFIX ?? '';
Object.assign(process.env, localEnv(endpoint, prefix), { LOG_LEVEL: 'ERROR' });
const { setWorkflowClient } = await import('../../functions/lib/workflow-client.js');
const { startLocalJobWorker } = await import('../../scripts/local/jobs.js');
const { acceptingWorkflow } = await import('./accepting-workflow.js');
setWorkflowClient(acceptingWorkflow());
startLocalJobWorker({
  pollMs: 50,
  quiet: true,
  limit: { ratePerSecond: Number(process.env.JOB_CHILD_RATE ?? 50), burst: 1 },
});
console.log('ready');
