/**
 * Jobs (functions/acts/jobs.ts): a worker killed with SIGKILL half-way through a job — a broadcast, an
 * import of the passing list, a China Post manifest — and started again finishes it with no duplicate
 * work and nothing lost; a step run twice moves the job once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, type QueryCommandInput, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StaffActor } from '../../functions/acts/actor.js';
import { exportManifest, manifestFileKey, readManifest } from '../../functions/acts/dispatch.js';
import { importStatus, startImport } from '../../functions/acts/imports.js';
import { ChunkNotYetDue, drainJob, runChunk } from '../../functions/acts/job-runner.js';
import { resumeStalledJobs, STALLED_AFTER_MS, startJob } from '../../functions/acts/jobs.js';
import { keys } from '../../functions/data/tables.js';
import { manifestColumns } from '../../functions/domain/dispatch.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import type { Job } from '../../functions/domain/jobs.js';
import { FIRST_HR_DEPARTMENT } from '../../functions/domain/staff.js';
import { forgetCalendar } from '../../functions/lib/calendar.js';
import { statusCounts } from '../../functions/lib/candidates.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { fileStore, setFileStore } from '../../functions/lib/file-store.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import { activeJobs, allActiveJobs, readJob } from '../../functions/lib/jobs.js';
import { setWorkflowClient } from '../../functions/lib/workflow-client.js';
import { ensureTables, tableEnv } from '../../scripts/local/dynamo.js';
import { demoDepartments } from '../../scripts/local/seed.js';
import { acceptingWorkflow } from '../support/accepting-workflow.js';
import { examWithBookings, examWithWaiting, testExam } from '../support/waiting.js';

const endpoint = inject('dynamoEndpoint');
const prefix = `j${randomBytes(4).toString('hex')}-`;
const fast = { limit: { ratePerSecond: 10_000, burst: 10_000 } };
const hr: StaffActor = { kind: 'staff', username: 'hr.admin', role: 'admin', dept: FIRST_HR_DEPARTMENT };
const zjt: StaffActor = {
  kind: 'staff',
  username: 'zjt.verifier',
  role: 'verifier',
  dept: demoDepartments.find((d) => d.id === 'zjt') as StaffActor['dept'],
};

const broadcast = (exam: Exam) =>
  startJob({
    kind: 'examEvent',
    action: 'catchUp',
    cause: 'exam.resultsAnnounced',
    actor: 'system:test',
    examId: exam.id,
    scope: { examIds: [exam.id], waiting: ['results'] },
  });

/** Every item a query finds, page by page (a 1 MB page holds a few hundred candidates). */
async function queryAll(q: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(new QueryCommand({ ...q, ...(start ? { ExclusiveStartKey: start } : {}) }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** An exam's candidates of 郑州市 (all the candidates these tests make). */
const zhengzhou = (examId: string, more: Partial<QueryCommandInput> = {}) =>
  queryAll({
    TableName: tableName('candidates'),
    IndexName: 'byExamCity',
    KeyConditionExpression: 'gsi1pk = :k',
    ...more,
    ExpressionAttributeValues: {
      ':k': keys.candidateQueue(examId, '4101', '', '').gsi1pk,
      ...more.ExpressionAttributeValues,
    },
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

/**
 * Start a job (`start`, once a worker of its own process is up: test/support/job-child.ts, slowed by
 * `slow` — JOB_CHILD_RATE items a second for a walk, JOB_CHILD_DDB_MS before each DynamoDB call for an
 * act's own steps), and kill the worker with SIGKILL the moment `halfWay` finds the job's current step partly done — the job read
 * before and after at the same step, so the kill falls inside it. Returns the job as it was then; the
 * worker has died without a word and the job is left running at that very step.
 */
async function killHalfWay(
  start: () => Promise<string>,
  slow: Record<string, string>,
  halfWay: (job: Job) => Promise<boolean>,
): Promise<{ jobId: string; atKill: Job }> {
  const t0 = Date.now();
  const worker = spawn(process.execPath, ['--import', 'tsx', 'test/support/job-child.ts'], {
    env: { ...process.env, JOB_CHILD_DYNAMO: endpoint, JOB_CHILD_PREFIX: prefix, ...slow },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = worker;
  const exited = new Promise((r) => worker.once('exit', r));
  try {
    // the job starts once the worker is up (its start-up is not what is timed against the job's steps)
    await new Promise<void>((ok, fail) => {
      worker.stdout?.on('data', (d) => String(d).includes('ready') && ok());
      worker.once('exit', (code) => fail(new Error(`the job worker exited (${code}) before it was ready`)));
    });
    const t1 = Date.now();
    const jobId = await start();
    const atKill = await until(
      'a step to be partly done',
      async () => {
        if (worker.exitCode !== null) throw new Error(`the job worker exited (${worker.exitCode})`);
        const before = await readJob(jobId);
        if (!before || !(await halfWay(before))) return null;
        return (await readJob(jobId))?.seq === before.seq ? before : null;
      },
      (j) => j !== null,
    );
    worker.kill('SIGKILL'); // the worker dies without a word
    await exited;
    console.log(`worker up in ${t1 - t0} ms, killed ${Date.now() - t1} ms after the job started`);
    const left = await readJob(jobId);
    expect(left).toMatchObject({ status: 'running', seq: atKill?.seq });
    return { jobId, atKill: atKill as Job };
  } finally {
    worker.kill('SIGKILL'); // whatever failed, no worker is left behind
  }
}

beforeAll(async () => {
  await ensureTables(endpoint, prefix);
  Object.assign(process.env, tableEnv(prefix));
  // the worker's files (an import's list, a manifest's parts) in a folder both processes see
  process.env.LOCAL_FILES_DIR = mkdtempSync(join(tmpdir(), 'jobs-files-'));
  setFileStore(null);
  forgetCalendar();
  setWorkflowClient(acceptingWorkflow());
  setJobQueue({ enqueue: async () => undefined }); // this process drives jobs itself, with drainJob
});
afterAll(() => {
  child?.kill('SIGKILL');
  setWorkflowClient(null);
  setJobQueue(null);
  setFileStore(null);
});

describe('jobs', () => {
  it('a worker killed with SIGKILL half-way through a broadcast and started again: every candidate reached once, no duplicate audit record or message', async () => {
    const n = 250;
    const { exam, personIds } = await examWithWaiting(n);
    const notifiedOnce = async (p: string) =>
      (await auditActions(exam.id, p)).includes('lifecycle.resultsAnnounced');
    // killed while a claimed chunk is partly worked: some of its candidates told, the job not moved on
    const partlyTold = async (j: Job) => {
      const claimed = j.claimed?.items ?? [];
      if (j.done < 30 || !claimed.length) return false;
      const told = await Promise.all(claimed.map((c) => notifiedOnce(c.personId)));
      return told.includes(true) && told.includes(false);
    };
    const start = async () => (await broadcast(exam)).jobId;
    const { jobId, atKill } = await killHalfWay(start, { JOB_CHILD_RATE: '40' }, partlyTold);
    expect(atKill.done).toBeLessThan(n);

    // started again (here, in this process): it works the claimed chunk again, then the rest
    const final = await drainJob(jobId, fast);
    expect(final).toMatchObject({ status: 'done', total: n, done: n, failed: 0 });
    const actions = await Promise.all(personIds.map((p) => auditActions(exam.id, p)));
    const notified = actions.map((a) => a.filter((x) => x === 'lifecycle.resultsAnnounced').length);
    expect(notified).toEqual(personIds.map(() => 1));
    const messages = (
      (await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []
    ).filter((m) => m.template === 'result' && personIds.includes(String(m.personId)));
    expect(messages).toHaveLength(n);
    expect(new Set(messages.map((m) => m.personId)).size).toBe(n);
  }, 120_000);

  it('R18, N3: a worker killed with SIGKILL half-way through a China Post manifest and started again: every booking on it once, none lost, each locked once', async () => {
    const n = 200; // two pages of a city (100 a step)
    const { exam, references } = await examWithBookings(n);
    let manifest = { examId: exam.id, manifestId: '' };
    const locked = async () =>
      (
        await zhengzhou(exam.id, {
          FilterExpression: 'attribute_type(#b.#l, :s)',
          ExpressionAttributeNames: { '#b': 'booking', '#l': 'lockedAt' },
          ExpressionAttributeValues: { ':s': 'S' },
          ProjectionExpression: 'personId',
        })
      ).length;
    // killed in the second page: some of its bookings locked, its part file not yet written
    let lockedAtKill = 0;
    const start = async () => {
      const made = await exportManifest(zjt, exam.id, { city: '4101' });
      manifest = made.manifest;
      return made.jobId;
    };
    const { jobId, atKill } = await killHalfWay(start, { JOB_CHILD_DDB_MS: '1' }, async (j) => {
      if (j.position.stage !== 'work' || j.done < 100) return false;
      lockedAtKill = await locked();
      return lockedAtKill > j.done && lockedAtKill < j.done + 100;
    });
    expect(atKill.done).toBeLessThan(n);

    const final = await drainJob(jobId, fast);
    expect(final).toMatchObject({ status: 'done', done: n, failed: 0 });
    expect(await readManifest(exam.id, manifest.manifestId)).toMatchObject({ status: 'done', count: n });
    // the file's rows are the bookings: each once, none lost
    const stream = await fileStore().read(manifestFileKey(manifest, 'csv'));
    const chunks: Buffer[] = [];
    for await (const c of stream ?? []) chunks.push(c as Buffer);
    const [header, ...rows] = parse(
      Buffer.concat(chunks)
        .toString()
        .replace(/^\uFEFF/, ''),
    ) as string[][];
    expect(header).toEqual([...manifestColumns]);
    const listed = rows.map((r) => r.at(-1) as string);
    expect(listed).toHaveLength(n);
    expect([...new Set(listed)].sort()).toEqual([...references].sort());
    // each booking locked once (one audit record each), and every one recorded as posted on it
    expect(await locked()).toBe(n);
    const people = await zhengzhou(exam.id, { ProjectionExpression: 'personId' });
    const locks = await Promise.all(
      people.map(async (p) =>
        (await auditActions(exam.id, String(p.personId))).filter((a) => a === 'lifecycle.bookingLocked'),
      ),
    );
    expect(locks.map((l) => l.length)).toEqual(people.map(() => 1));
    const posted = await queryAll({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `POSTED#${exam.id}` },
    });
    expect(posted.map((p) => p.sk).sort()).toEqual([...references].sort());
    console.log(`manifest: ${n} bookings, killed at ${lockedAtKill} locked (job at ${atKill.done})`);
  }, 120_000);

  it('R5: a worker killed with SIGKILL half-way through an import of the passing list and started again: every row once — 0 duplicate candidates, 0 lost rows — with its audit records, report and counters right', async () => {
    // 1,200 rows: three steps of 500; every hundredth row (row 9, 109, …) refused for its phone
    const n = 1200;
    const exam = await testExam('JZS2', false);
    const idNumber = (i: number) =>
      syntheticIdNumber('410102', `1971-${String(1 + Math.floor(i / 100)).padStart(2, '0')}-15`, i);
    const bad = (i: number) => i % 100 === 7;
    const lines = Array.from({ length: n }, (_, i) =>
      [
        `T${900000 + i}`,
        '测试考生',
        idNumber(i),
        bad(i) ? '139123' : '13900000000',
        '郑州市',
        '',
        '通过',
        '通过',
        '通过',
        '80',
      ].join(','),
    );
    const bytes = Buffer.from(
      `\uFEFF准考证号,姓名,身份证号,手机号,地市,工作单位,学历核验,专业核验,工作年限核验,科目一\r\n${lines.join('\r\n')}\r\n`,
    );
    const goodRows = lines.flatMap((_, i) => (bad(i) ? [] : [i + 2]));
    const badRows = lines.flatMap((_, i) => (bad(i) ? [i + 2] : []));
    const expected = lines.flatMap((_, i) => (bad(i) ? [] : [personIdOf(idNumber(i))])).sort();
    const start = async () =>
      (await startImport(hr, exam.id, { bytes, contentType: 'text/csv; charset=utf-8' })).importId;
    // killed in the second step: some of its new candidates written, the job not moved on
    let madeAtKill = 0;
    const { jobId: importId, atKill } = await killHalfWay(start, { JOB_CHILD_DDB_MS: '10' }, async (j) => {
      const imported = j.tally?.imported ?? 0;
      if (j.position.stage !== 'work' || imported === 0) return false;
      madeAtKill = (await zhengzhou(exam.id, { ProjectionExpression: 'personId' })).length;
      return madeAtKill > imported && madeAtKill < imported + 400;
    });

    const final = await drainJob(importId, fast);
    expect(final).toMatchObject({ status: 'done', failed: badRows.length });
    // the import's own report: every row counted once, every refused row reported once
    const report = await importStatus(hr, exam.id, importId);
    expect(report).toMatchObject({
      status: 'done',
      total: n,
      imported: goodRows.length,
      updated: 0,
      unchanged: 0,
      rejected: badRows.length,
    });
    expect(report.errors.map((e) => e.row)).toEqual(badRows);
    // the candidates: each person once, none lost, each from its own row
    const made = await zhengzhou(exam.id, { ProjectionExpression: 'personId, importedFrom' });
    expect(made.map((c) => String(c.personId)).sort()).toEqual(expected);
    expect(new Set(made.map((c) => (c.importedFrom as { row: number }).row)).size).toBe(goodRows.length);
    // the audit records of the steps name every new candidate's row once
    const audit = await queryAll({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `EXAM#${exam.id}` },
    });
    const rows = audit
      .filter((a) => a.action === 'import.candidatesAdded')
      .flatMap((a) => (a.details as { rows: number[] }).rows);
    expect(rows.sort((a, b) => a - b)).toEqual(goodRows);
    // the status counters count each new candidate once
    const { byStatus } = await statusCounts(exam.id, ['4101']);
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(goodRows.length);
    console.log(
      `import: ${n} rows, killed at ${madeAtKill} candidates made (job at ${atKill.tally?.imported})`,
    );
  }, 120_000);

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
