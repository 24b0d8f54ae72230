/**
 * `npm start` killed with SIGKILL in the middle of work and started again (issue 14 §2): the local system
 * (test/support/start-child.ts: scripts/start.ts's `startLocal`, its data in a folder of its own) is
 * killed — node only — while a job runs. DynamoDB Local, a Java child, survives it holding its port and
 * data; the next start finds it by its pid file, ends it and starts its own; the job left running
 * finishes, no job is left active, and every lifecycle is started again. That each lifecycle resumes at
 * the phase DynamoDB holds is test/workflow/lifecycle.test.ts's ("an execution started mid-way (or
 * after a restart) resumes at the phase DynamoDB holds").
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, expect, it } from 'vitest';
import { keys, tableList } from '../../functions/data/tables.js';
import type { Job } from '../../functions/domain/jobs.js';
import {
  type DynamoPid,
  endDynamo,
  localClient,
  physicalName,
  readPidFile,
  stillRunning,
} from '../../scripts/local/dynamo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
const pidFile = join(dataDir, 'dynamodb.pid');
const processes: ChildProcess[] = [];
const javas: DynamoPid[] = [];

/** `npm start` in a child process; its stdout's JSON lines as they come. */
function start(rate: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/start-child.ts'], {
    // what `npm start` sees: no test settings, no table names, no endpoint of the tests' DynamoDB Local
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: process.env.TZ,
      START_CHILD_DIR: dataDir,
      START_CHILD_RATE: String(rate),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  processes.push(proc);
  const lines: Record<string, unknown>[] = [];
  let rest = '';
  proc.stdout?.on('data', (d) => {
    const parts = (rest + String(d)).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p));
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  /** the first line with this key, once it is printed */
  const line = async <T>(key: string): Promise<T> => {
    for (;;) {
      const found = lines.find((l) => key in l);
      if (found) return found[key] as T;
      if (proc.exitCode !== null) throw new Error(`npm start exited (${proc.exitCode}) before "${key}"`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { proc, exited, line };
}

const jobsTable = physicalName(
  tableList.find((t) => t.id === 'jobs') as (typeof tableList)[number],
  'local-',
);
const docClient = (endpoint: string) => DynamoDBDocumentClient.from(localClient(endpoint));
const activeJobs = async (db: DynamoDBDocumentClient) =>
  (
    await db.send(
      new QueryCommand({
        TableName: jobsTable,
        IndexName: 'byActive',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.jobActive('', '').gsi1pk },
      }),
    )
  ).Items as Job[];

afterAll(async () => {
  // every process this test started ends, whatever failed: the starts, then their Java (only if the
  // pid still runs as the DynamoDB Local recorded)
  for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  const last = readPidFile(pidFile);
  for (const j of last ? [...javas, last] : javas) await endDynamo(j);
  rmSync(dataDir, { recursive: true, force: true });
});

it('npm start killed with SIGKILL mid-job and started again: the DynamoDB Local left holding its port is ended and replaced, the job left running finishes, no job is stuck, every lifecycle started again', async () => {
  const t0 = Date.now();
  const at = (what: string) => console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
  // the first start: seeds the demo, then starts every lifecycle by one job per exam, slowly
  const first = start(20);
  const endpoint = await first.line<string>('endpoint');
  at('first start serves');
  const db = docClient(endpoint);
  let inFlight: Job | undefined;
  for (;;) {
    inFlight = (await activeJobs(db)).find(
      (j) => j.status === 'running' && (j.claimed?.items.length ?? 0) > 0,
    );
    if (inFlight) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const java = readPidFile(pidFile) as DynamoPid;
  javas.push(java);
  expect(stillRunning(java)).toBe(true);
  first.proc.kill('SIGKILL'); // node only: its Java child lives on
  await first.exited;
  const killedAt = Date.now();
  at(`killed with job ${inFlight.jobId} at ${inFlight.done}`);
  // the Java process survives, holding its port and the data folder
  expect(stillRunning(java)).toBe(true);
  await db.send(new ListTablesCommand({}));
  db.destroy();
  expect((await activeJobs(docClient(endpoint))).map((j) => j.jobId)).toContain(inFlight.jobId);

  // started again: the leftover is found by its pid file and ended, a new one serves the same data
  const second = start(500);
  const again = await second.line<string>('endpoint');
  at('second start serves');
  expect(stillRunning(java)).toBe(false);
  const replaced = readPidFile(pidFile) as DynamoPid;
  javas.push(replaced);
  expect(replaced.pid).not.toBe(java.pid);
  expect(stillRunning(replaced)).toBe(true);
  const lifecycles = await second.line<number>('lifecycles');
  at(`${lifecycles} lifecycles`);
  const db2 = docClient(again);
  // the lifecycles started again by one job per exam (their phases: test/workflow/lifecycle.test.ts)
  expect(lifecycles).toBeGreaterThan(0);
  // the job the killed start left running has finished; no job is left active
  const left = (await db2.send(new GetCommand({ TableName: jobsTable, Key: keys.job(inFlight.jobId) }))).Item;
  expect(left).toMatchObject({ status: 'done', failed: 0 });
  expect(left?.done).toBe(left?.total);
  expect(await activeJobs(db2)).toEqual([]);
  db2.destroy();

  // stopped as Ctrl-C stops it: its DynamoDB Local ends with it, and its pid file goes
  second.proc.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(stillRunning(replaced)).toBe(false);
  expect(existsSync(pidFile)).toBe(false);
  console.log(
    `restart: ${lifecycles} lifecycles, killed ${((killedAt - t0) / 1000).toFixed(1)} s in (job ${inFlight.done}/${inFlight.total ?? '?'}), up again and done ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`,
  );
}, 300_000);
