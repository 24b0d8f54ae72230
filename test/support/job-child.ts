/**
 * A job worker in a process of its own, for the tests that kill it with SIGKILL half-way through a job
 * (test/integration/jobs.test.ts). It runs the local job worker (scripts/local/jobs.ts) against the
 * DynamoDB Local and tables named in its environment, slowly — JOB_CHILD_RATE items per second for a
 * walk over candidates, and JOB_CHILD_DDB_MS before each DynamoDB call for a job whose steps are its
 * act's own (an import, a manifest) — with a workflow client that accepts every wake (the executions
 * are not what is under test here). Files go to LOCAL_FILES_DIR, the folder the test reads.
 */
import { localEnv } from '../../scripts/local/runtime.js';

const endpoint = process.env.JOB_CHILD_DYNAMO ?? '';
const prefix = process.env.JOB_CHILD_PREFIX ?? '';
const pause = Number(process.env.JOB_CHILD_DDB_MS ?? 0);
Object.assign(process.env, localEnv(endpoint, prefix), { LOG_LEVEL: 'ERROR' });
const { setWorkflowClient } = await import('../../functions/lib/workflow-client.js');
const { startLocalJobWorker } = await import('../../scripts/local/jobs.js');
const { acceptingWorkflow } = await import('./accepting-workflow.js');
if (pause > 0) {
  const { ddb } = await import('../../functions/lib/db.js');
  ddb.middlewareStack.add(
    (next) => async (args) => {
      await new Promise((r) => setTimeout(r, pause));
      return next(args);
    },
    { step: 'initialize', name: 'jobChildPause' },
  );
}
setWorkflowClient(acceptingWorkflow());
startLocalJobWorker({
  pollMs: 50,
  quiet: true,
  limit: { ratePerSecond: Number(process.env.JOB_CHILD_RATE ?? 50), burst: 1 },
});
console.log('ready');
