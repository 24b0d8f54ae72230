/**
 * Bulk decisions (R1, R7, R22) through the local server against DynamoDB Local, on the demo exam JZS1
 * (120 verifying candidates in seven cities): the preview counts exactly whom it will touch and decides
 * nothing; the confirm decides each of them through the single decision's path with one audit record
 * each; a list's unknown numbers are reported by row and the rest applied; a city's verifier touches
 * only its city; hr is refused; after the R7 deadline the confirm is refused with the deadline; and a
 * job killed half-way and resumed writes no duplicate audit record.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkStep } from '../../functions/acts/bulk-decisions.js';
import { drainJob, runChunk } from '../../functions/acts/job-runner.js';
import { keys } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { type CandidateFilter, matchesFilter } from '../../functions/domain/spot-checks.js';
import { readCandidate } from '../../functions/lib/candidates.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import { readJob } from '../../functions/lib/jobs.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
/** JZS1's candidates as seeded (all verifying) */
let all: Candidate[];
/** those a test has decided so far: the next test's expectations leave them out */
const decided = new Set<string>();

const base = () => `/api/exams/${exam}/bulk-decisions`;
const pool = (f: CandidateFilter, city?: string) =>
  all.filter((c) => matchesFilter(c, f) && (!city || c.city === city) && !decided.has(c.personId));
const ids = (cs: Candidate[]) => cs.map((c) => c.personId).sort();

/** The candidate's lifecycle audit records */
const lifecycleAudit = async (c: Pick<Candidate, 'examId' | 'personId'>) =>
  (
    (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(c.examId, c.personId) },
        }),
      )
    ).Items ?? []
  ).filter((a) => String(a.action).startsWith('lifecycle.'));

/** Preview and wait for the count. */
async function preview(body: unknown, token = tokens['zjt.verifier']) {
  const r = await api.post(base(), body, token);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body.status).toMatch(/^(counting|ready)$/);
  await sys.jobs.idle();
  const g = await api.get(`${base()}/${r.body.bulkId}`, token);
  expect(g.status).toBe(200);
  return g.body;
}

async function confirm(bulkId: string, token = tokens['zjt.verifier']) {
  const r = await api.post(`${base()}/${bulkId}/confirm`, { confirm: true }, token);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  await sys.jobs.idle();
  return (await api.get(`${base()}/${bulkId}`, token)).body;
}

async function statuses(cs: Candidate[]) {
  return Promise.all(cs.map(async (c) => (await readCandidate(c.examId, c.personId))?.status));
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  exam = (demoExams(new Date())[0] as { id: string }).id;
  all = demoCandidates(new Date()).filter((c) => c.examId === exam && c.status === 'verifying');
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterAll(async () => {
  setClock(null);
  await sys?.stop();
  setJobQueue(null);
});

describe('bulk decisions', () => {
  it('R22: by filter the preview counts exactly the matching candidates and decides nothing; the confirm decides them all, one audit record each', async () => {
    const filter = { check: 'any:failed' };
    const want = pool(filter);
    expect(want.length).toBeGreaterThan(10);
    const p = await preview({
      outcome: 'unqualified',
      reasonCode: 'education',
      note: '学历比对未通过',
      filter,
    });
    expect(p).toMatchObject({
      status: 'ready',
      mode: 'filter',
      willTouch: want.length,
      rejected: [],
      done: 0,
      outcome: 'unqualified',
      reasonCode: 'education',
      filter,
      by: { deptId: 'zjt' },
    });
    // nothing decided before the confirm
    expect(new Set(await statuses(want))).toEqual(new Set(['verifying']));
    for (const c of want.slice(0, 3)) expect(await lifecycleAudit(c)).toEqual([]);

    const done = await confirm(p.bulkId);
    expect(done).toMatchObject({ status: 'done', done: want.length, unchanged: 0, failed: 0 });
    expect(new Set(await statuses(want))).toEqual(new Set(['unqualified']));
    for (const c of want) {
      const audit = await lifecycleAudit(c);
      expect(audit.map((a) => a.action)).toEqual(['lifecycle.verified']);
      expect(audit[0]?.details).toMatchObject({ reasonCode: 'education', bulkId: p.bulkId, withNote: true });
      decided.add(c.personId);
    }
    const detail = await api.get(
      `/api/exams/${exam}/candidates/${want[0]?.personId}`,
      tokens['zjt.verifier'],
    );
    expect(detail.body.decision).toMatchObject({
      outcome: 'unqualified',
      reasonCode: 'education',
      note: '学历比对未通过',
    });
    // confirmed once: again is 409
    const again = await api.post(`${base()}/${p.bulkId}/confirm`, { confirm: true }, tokens['zjt.verifier']);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该批量核查已确认，不能再次确认');
  });

  it('R1: by list, two unknown numbers (and one already decided otherwise) are reported by row; after the confirm the rest are decided', async () => {
    const luoyang = pool({}, '4103');
    const failed = all.find((c) => decided.has(c.personId)) as Candidate;
    const nos = luoyang.map((c) => c.candidateNo as string);
    const list = [
      ...nos.slice(0, 2),
      'JZS129999998',
      ...nos.slice(2, 5),
      ` ${nos[5]?.toLowerCase()} `,
      'JZS129999999',
      failed.candidateNo as string,
      ...nos.slice(6),
    ];
    const p = await preview({ outcome: 'qualified', candidateNos: list });
    expect(p.status).toBe('ready');
    expect(p.willTouch).toBe(luoyang.length);
    expect(p.rows).toBe(list.length);
    expect(p.rejectedCount).toBe(3);
    expect(p.rejected).toEqual([
      {
        row: 3,
        candidateNo: 'JZS129999998',
        message: '本考试中没有该准考证号的考生（或不在本部门核查范围内）',
      },
      {
        row: 8,
        candidateNo: 'JZS129999999',
        message: '本考试中没有该准考证号的考生（或不在本部门核查范围内）',
      },
      {
        row: 9,
        candidateNo: failed.candidateNo,
        message: '已有核查结论「不合格」，如需改变，须先由省级核查部门重新核查（R24）',
      },
    ]);
    expect(new Set(await statuses(luoyang))).toEqual(new Set(['verifying']));
    const done = await confirm(p.bulkId);
    expect(done).toMatchObject({ status: 'done', done: luoyang.length, failed: 0 });
    expect(new Set(await statuses(luoyang))).toEqual(new Set(['qualified']));
    expect((await readCandidate(failed.examId, failed.personId))?.status).toBe('unqualified');
    for (const c of luoyang) {
      expect((await lifecycleAudit(c)).map((a) => a.action)).toEqual(['lifecycle.verified']);
      decided.add(c.personId);
    }
  });

  it("R1: a municipal verifier's bulk touches only its own city; another city's number is unknown to it", async () => {
    const filter = { check: 'any:manual' };
    const mine = pool(filter, '4101');
    const others = pool(filter).filter((c) => c.city !== '4101');
    expect(mine.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const p = await preview({ outcome: 'qualified', filter }, tokens['zz.verifier']);
    expect(p.willTouch).toBe(mine.length);
    // a list naming another city's candidate: reported as unknown, nothing said about it
    const other = others[0] as Candidate;
    const l = await preview(
      { outcome: 'qualified', candidateNos: [other.candidateNo, mine[0]?.candidateNo] },
      tokens['zz.verifier'],
    );
    expect(l).toMatchObject({ willTouch: 1, rejectedCount: 1 });
    expect(l.rejected[0]).toMatchObject({
      row: 1,
      message: '本考试中没有该准考证号的考生（或不在本部门核查范围内）',
    });
    // the provincial verifier does not see (or confirm) the city's bulk
    expect((await api.get(`${base()}/${p.bulkId}`, tokens['zjt.verifier'])).status).toBe(404);
    const stolen = await api.post(`${base()}/${p.bulkId}/confirm`, { confirm: true }, tokens['zjt.verifier']);
    expect(stolen.status).toBe(404);
    const done = await confirm(p.bulkId, tokens['zz.verifier']);
    expect(done).toMatchObject({ status: 'done', done: mine.length });
    expect(new Set(await statuses(mine))).toEqual(new Set(['qualified']));
    expect(new Set(await statuses(others))).toEqual(new Set(['verifying']));
    for (const c of mine) {
      expect(await lifecycleAudit(c)).toHaveLength(1);
      decided.add(c.personId);
    }
  });

  it('R1: hr is refused (403), nothing recorded; bad input is a 400 naming the field', async () => {
    const hr = await api.post(base(), { outcome: 'qualified', filter: {} }, tokens['hr.admin']);
    expect(hr.status).toBe(403);
    expect(hr.body.error.code).toBe('FORBIDDEN');
    const cases: [unknown, string][] = [
      [{ outcome: 'unqualified', filter: {} }, 'reasonCode'],
      [{ outcome: 'unqualified', reasonCode: 'other', filter: {} }, 'note'],
      [{ outcome: 'qualified', note: 'x'.repeat(2001), filter: {} }, 'note'],
      [{ outcome: 'qualified', filter: { check: 'any:maybe' } }, 'filter.check'],
      [{ outcome: 'qualified' }, 'filter'],
      [{ outcome: 'qualified', candidateNos: [] }, 'candidateNos'],
    ];
    for (const [body, field] of cases) {
      const r = await api.post(base(), body, tokens['zjt.verifier']);
      expect([r.status, r.body.error.details.fields[0].field]).toEqual([400, field]);
    }
    const notYours = await api.post(
      `/api/exams/${exam}/bulk-decisions/aaaaaaaaaaaaaaaaaaa/confirm`,
      { confirm: true },
      tokens['zjt.verifier'],
    );
    expect(notYours.status).toBe(404);
  });

  it('R7: after the round-1 deadline the confirm is refused (409 DEADLINE_PASSED) with the deadline, nothing decided', async () => {
    const want = pool({}, '4105');
    const p = await preview({ outcome: 'qualified', filter: { city: '4105' } });
    expect(p.willTouch).toBe(want.length);
    const detail = await api.get(
      `/api/exams/${exam}/candidates/${want[0]?.personId}`,
      tokens['zjt.verifier'],
    );
    const due = detail.body.deadline.endsAt as string;
    setClock({ now: () => new Date(Date.parse(due) + 60_000) });
    try {
      const r = await api.post(`${base()}/${p.bulkId}/confirm`, { confirm: true }, tokens['zjt.verifier']);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('DEADLINE_PASSED');
      expect(r.body.error.details).toEqual({ deadline: due, rule: 'R7' });
      expect(r.body.error.message).toContain('24:00（北京时间）');
      const late = await api.post(base(), { outcome: 'qualified', filter: {} }, tokens['zjt.verifier']);
      expect([late.status, late.body.error.code]).toEqual([409, 'DEADLINE_PASSED']);
    } finally {
      setClock(null);
    }
    expect((await api.get(`${base()}/${p.bulkId}`, tokens['zjt.verifier'])).body.status).toBe('ready');
    expect(new Set(await statuses(want))).toEqual(new Set(['verifying']));
    for (const c of want) expect(await lifecycleAudit(c)).toEqual([]);
  });

  it('R22: a bulk decision job killed half-way and resumed with no duplicate audit records', async () => {
    const want = pool({}, '4107');
    const p = await preview({ outcome: 'qualified', filter: { city: '4107' } });
    expect(p.willTouch).toBe(want.length);
    // from here this process drives the job itself, step by step
    await sys.jobs.stop();
    setJobQueue({ enqueue: async () => undefined });
    const r = await api.post(`${base()}/${p.bulkId}/confirm`, { confirm: true }, tokens['zjt.verifier']);
    expect(r.status).toBe(202);
    const jobId = r.body.jobId as string;
    expect(await runChunk(jobId, 0)).toMatchObject({ seq: 1, total: want.length });
    // a worker decides the part's candidates and dies before the job is moved on
    const job = await readJob(jobId);
    if (!job) throw new Error('no job');
    await bulkStep(job);
    expect(await readJob(jobId)).toMatchObject({ seq: 1, done: 0, status: 'running' });
    expect(new Set(await statuses(want))).toEqual(new Set(['qualified']));
    // the step is run again, by two workers at once; then the job is drained
    await Promise.all([runChunk(jobId, 1), runChunk(jobId, 1)]);
    const end = await drainJob(jobId);
    expect(end).toMatchObject({ status: 'done', done: want.length, failed: 0 });
    const b = (await api.get(`${base()}/${p.bulkId}`, tokens['zjt.verifier'])).body;
    // counted as decided by this bulk, once each
    expect(b).toMatchObject({ status: 'done', done: want.length, unchanged: 0, failed: 0 });
    for (const c of want) {
      const audit = await lifecycleAudit(c);
      expect(audit.map((a) => a.action)).toEqual(['lifecycle.verified']);
    }
    expect(ids(want).length).toBe(want.length);
  });
});
