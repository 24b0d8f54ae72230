/**
 * Jobs (functions/acts/jobs.ts): a worker killed with SIGKILL half-way through a broadcast and started
 * again finishes it with no duplicate work and no lost candidate; a step run twice moves the job once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChunkNotYetDue, drainJob, runChunk } from '../../functions/acts/job-runner.js';
import { resumeStalledJobs, STALLED_AFTER_MS, startJob } from '../../functions/acts/jobs.js';
import { keys } from '../../functions/data/tables.js';
import type { Exam } from '../../functions/domain/exams.js';
import { forgetCalendar } from '../../functions/lib/calendar.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import { activeJobs, allActiveJobs, readJob } from '../../functions/lib/jobs.js';
import { setWorkflowClient } from '../../functions/lib/workflow-client.js';
import { ensureTables, tableEnv } from '../../scripts/local/dynamo.js';
import { acceptingWorkflow } from '../support/accepting-workflow.js';
import { examWithWaiting } from '../support/waiting.js';

const endpoint = inject('dynamoEndpoint');
const prefix = `j${randomBytes(4).toString('hex')}-`;
const fast = { limit: { ratePerSecond: 10_000, burst: 10_000 } };

const broadcast = (exam: Exam) =>
  startJob({
    kind: 'examEvent',
    action: 'catchUp',
    cause: 'exam.resultsAnnounced',
    actor: 'system:test',
    examId: exam.id,
    scope: { examIds: [exam.id], waiting: ['results'] },
  });

async function auditActions(examId: string, personId: string): Promise<string[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(examId, personId) },
    }),
  );
  return (r.Items ?? []).map((i) => String(i.action));
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let child: ChildProcess | undefined;

beforeAll(async () => {
  await ensureTables(endpoint, prefix);
  Object.assign(process.env, tableEnv(prefix));
  forgetCalendar();
  setWorkflowClient(acceptingWorkflow());
  setJobQueue({ enqueue: async () => undefined }); // this process drives jobs itself, with drainJob
});
afterAll(() => {
  child?.kill('SIGKILL');
  setWorkflowClient(null);
  setJobQueue(null);
});

describe('jobs', () => {
  it('a worker killed with SIGKILL half-way and started again: every candidate reached once, no duplicate audit record or message', async () => {
    const n = 250;
    const { exam, personIds } = await examWithWaiting(n);
    const job = await broadcast(exam);
    // a worker of its own process, slow enough to be killed in the middle of a chunk
    child = spawn(process.execPath, ['--import', 'tsx', 'test/support/job-child.ts'], {
      env: { ...process.env, JOB_CHILD_DYNAMO: endpoint, JOB_CHILD_PREFIX: prefix, JOB_CHILD_RATE: '40' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // kill it while a claimed chunk is partly worked: some of its candidates told, the job not moved on
    const notifiedOnce = async (p: string) =>
      (await auditActions(exam.id, p)).includes('lifecycle.resultsAnnounced');
    await until(
      'a claimed chunk to be partly worked',
      async () => {
        const j = await readJob(job.jobId);
        const claimed = j?.claimed?.items ?? [];
        return j && j.done >= 30 && claimed.length
          ? await Promise.all(claimed.map((c) => notifiedOnce(c.personId)))
          : [];
      },
      (told) => told.includes(true) && told.includes(false),
    );
    child.kill('SIGKILL'); // the worker dies without a word
    await new Promise((r) => child?.once('exit', r));
    const killed = await readJob(job.jobId);
    expect(killed?.status).toBe('running');
    expect(killed?.done).toBeLessThan(n);

    // started again (here, in this process): it works the claimed chunk again, then the rest
    const final = await drainJob(job.jobId, fast);
    expect(final).toMatchObject({ status: 'done', total: n, done: n, failed: 0 });
    const actions = await Promise.all(personIds.map((p) => auditActions(exam.id, p)));
    const notified = actions.map((a) => a.filter((x) => x === 'lifecycle.resultsAnnounced').length);
    expect(notified).toEqual(personIds.map(() => 1));
    const messages = (
      (await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []
    ).filter((m) => m.template === 'result' && personIds.includes(String(m.personId)));
    expect(messages).toHaveLength(n);
    expect(new Set(messages.map((m) => m.personId)).size).toBe(n);
  }, 90_000);

  it('a step run twice (a redelivered message) moves the job once; a stale step changes nothing; a later one waits its turn', async () => {
    const { exam } = await examWithWaiting(3);
    const job = await broadcast(exam);
    const [a, b] = await Promise.all([runChunk(job.jobId, 0, fast), runChunk(job.jobId, 0, fast)]);
    expect(a?.seq).toBe(1);
    expect(b?.seq).toBe(1);
    expect((await readJob(job.jobId))?.seq).toBe(1);
    expect(await runChunk(job.jobId, 0, fast)).toMatchObject({ seq: 1 });
    await expect(runChunk(job.jobId, 5, fast)).rejects.toBeInstanceOf(ChunkNotYetDue);
    expect(await drainJob(job.jobId, fast)).toMatchObject({ status: 'done', total: 3, done: 3, failed: 0 });
  });

  it('the sweeper announces again a job that has stopped moving (a lost queue message), and only such a job', async () => {
    const { exam } = await examWithWaiting(2);
    const stalled = await broadcast(exam);
    const fresh = await broadcast(exam);
    const announced: [string, number][] = [];
    setJobQueue({ enqueue: async (jobId, seq) => void announced.push([jobId, seq]) });
    try {
      // past the stall threshold: the first has not moved; the second moved a minute ago
      const later = Date.now() + STALLED_AFTER_MS + 60_000;
      setClock({ now: () => new Date(later - 60_000) });
      await runChunk(fresh.jobId, 0, fast);
      setClock({ now: () => new Date(later) });
      announced.length = 0;
      expect(await resumeStalledJobs()).toBeGreaterThanOrEqual(1);
      expect(announced).toContainEqual([stalled.jobId, 0]);
      expect(announced.map(([id]) => id)).not.toContain(fresh.jobId);
      // the sweeper walks every active job page by page, not just the first page
      const walked: string[] = [];
      for await (const j of allActiveJobs(1)) walked.push(j.jobId);
      expect(walked.length).toBeGreaterThanOrEqual(2);
      expect(walked).toEqual((await activeJobs(1000)).map((j) => j.jobId));
    } finally {
      setClock(null);
      setJobQueue({ enqueue: async () => undefined });
    }
    expect(await drainJob(stalled.jobId, fast)).toMatchObject({ status: 'done', done: 2 });
    await drainJob(fresh.jobId, fast);
  });
});
