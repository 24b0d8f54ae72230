/**
 * Issue 14 §3, concurrency, through the local server on DynamoDB Local with the lifecycles running: two
 * staff deciding the same candidate at the same moment — of two departments, of one department, a bulk
 * decision against a single one — one decision wins and the other is refused with 409 in the error
 * shape, nothing of it written (no audit record, no message, no counter moved); an exam-wide
 * announcement published twice at once is one job and tells each candidate once. (The 1,000 identical
 * bookings at once: test/integration/booking.test.ts.)
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { sumCounts } from '../../functions/domain/queue.js';
import { cityCounterItems, readCandidate } from '../../functions/lib/candidates.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { candidateAudit } from '../support/candidates.js';
import { type ApiReply, client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
/** JZS1's round-1 candidates in Zhengzhou (4101), and elsewhere: each test takes its own */
let zz: Candidate[];
let elsewhere: Candidate[];
const take = () => zz.shift() as Candidate;
const electronic = () => demoExams(new Date())[1] as { id: string };

/** What a change adds to the candidate's audit trail: the records written since `before` */
const auditSince = async (c: Candidate, before: Record<string, unknown>[]) => {
  const known = new Set(before.map((a) => a.sk));
  return (await candidateAudit(c)).filter((a) => !known.has(a.sk));
};

/** Every outbox message (a small per-run table), by person */
async function outboxByPerson(): Promise<Map<string, Record<string, unknown>[]>> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new ScanCommand({ TableName: tableName('outbox'), ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  const out = new Map<string, Record<string, unknown>[]>();
  for (const m of items) out.set(String(m.personId), [...(out.get(String(m.personId)) ?? []), m]);
  return out;
}

const counts = async (c: Candidate) => sumCounts(await cityCounterItems(c.examId, c.city));
const decisionPath = (c: Candidate) => `/api/exams/${c.examId}/candidates/${c.personId}/decision`;
const qualified = { outcome: 'qualified' };
const unqualified = { outcome: 'unqualified', reasonCode: 'workYears' };

/**
 * Two decisions on one candidate sent at the same moment: exactly one is recorded (200) and the other
 * refused (409, the error shape), and the record, audit trail, outbox and counters hold the winner's
 * change only. Returns the winner's index.
 */
async function oneWins(c: Candidate, sends: [() => Promise<ApiReply>, () => Promise<ApiReply>]) {
  await sys.runner.idle();
  const before = {
    counts: await counts(c),
    audit: await candidateAudit(c),
    messages: (await outboxByPerson()).get(c.personId) ?? [],
  };
  expect(before.counts.verifying).toBeGreaterThan(0);
  const replies = await Promise.all(sends.map((s) => s()));
  expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
  const w = replies.findIndex((r) => r.status === 200);
  const [won, lost] = [replies[w] as ApiReply, replies[1 - w] as ApiReply];
  expect(lost.body).toEqual({ error: { code: 'CONFLICT', message: expect.stringContaining('R24') } });
  await sys.runner.idle();
  const saved = (await readCandidate(c.examId, c.personId)) as Candidate;
  expect(saved.status).toBe(won.body.status);
  const audit = await auditSince(c, before.audit);
  expect(audit.map((a) => a.action)).toEqual(['lifecycle.verified']);
  expect(audit[0]?.details).toMatchObject({ from: 'verifying', to: saved.status });
  // a round-1 decision sends no message: neither the winner nor the loser wrote one
  expect((await outboxByPerson()).get(c.personId) ?? []).toEqual(before.messages);
  const after = await counts(c);
  const other = saved.status === 'qualified' ? 'unqualified' : 'qualified';
  expect(after.verifying).toBe(before.counts.verifying - 1);
  expect(after[saved.status]).toBe(before.counts[saved.status] + 1);
  expect(after[other]).toBe(before.counts[other]);
  return w;
}

beforeAll(async () => {
  sys = await startTestSystem({ lifecycles: true });
  api = client(sys.url);
  const now = new Date();
  const jzs1 = (demoExams(now)[0] as { id: string }).id;
  const round1 = demoCandidates(now).filter((c) => c.examId === jzs1 && c.status === 'verifying');
  zz = round1.filter((c) => c.city === '4101');
  elsewhere = round1.filter((c) => c.city !== '4101');
  await sys.lifecycles;
  await sys.runner.idle();
  for (const u of ['hr.admin', 'zjt.verifier', 'zjt.reviewer', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

describe('concurrency (issue 14 §3)', () => {
  it('R24: two departments decide the same candidate differently at the same moment: one wins, the other gets 409 and nothing of it is written', async () => {
    const c = take();
    await oneWins(c, [
      () => api.post(decisionPath(c), qualified, tokens['zz.verifier']),
      () => api.post(decisionPath(c), unqualified, tokens['zjt.verifier']),
    ]);
  });

  it('R24: two verifiers of the same department decide the same candidate differently at the same moment: one wins, the other gets 409', async () => {
    for (let i = 0; i < 3; i++) {
      const c = take();
      await oneWins(c, [
        () => api.post(decisionPath(c), unqualified, tokens['zjt.verifier']),
        () => api.post(decisionPath(c), qualified, tokens['zjt.reviewer']),
      ]);
    }
  });

  it('R22: the same decision sent by two verifiers at the same moment is one change: both answered 200, one audit record', async () => {
    const c = take();
    await sys.runner.idle();
    const before = { counts: await counts(c), audit: await candidateAudit(c) };
    const replies = await Promise.all(
      ['zjt.verifier', 'zjt.reviewer'].map((u) => api.post(decisionPath(c), qualified, tokens[u])),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    await sys.runner.idle();
    expect((await auditSince(c, before.audit)).map((a) => a.action)).toEqual(['lifecycle.verified']);
    expect((await counts(c)).qualified).toBe(before.counts.qualified + 1);
  });

  it('R24: a bulk decision confirmed while a single decision says otherwise: the candidate is decided once, the other refused and reported', async () => {
    const [c, rest] = [take(), elsewhere.shift() as Candidate];
    const p = await api.post(
      `/api/exams/${c.examId}/bulk-decisions`,
      { ...unqualified, candidateNos: [c.candidateNo, rest.candidateNo] },
      tokens['zjt.verifier'],
    );
    expect(p.status).toBe(202);
    await sys.jobs.idle();
    const bulk = `/api/exams/${c.examId}/bulk-decisions/${p.body.bulkId}`;
    expect((await api.get(bulk, tokens['zjt.verifier'])).body).toMatchObject({
      status: 'ready',
      willTouch: 2,
    });
    /** The bulk's confirm and its job, as a reply: 200 if it decided the candidate, else 409 with the row's reason */
    const confirmed = async (): Promise<ApiReply> => {
      const r = await api.post(`${bulk}/confirm`, { confirm: true }, tokens['zjt.verifier']);
      expect(r.status).toBe(202);
      await sys.jobs.idle();
      const done = (await api.get(bulk, tokens['zjt.verifier'])).body;
      expect(done).toMatchObject({ status: 'done', done: 2 - done.failed });
      const refused = done.failures.find((f: { candidateNo: string }) => f.candidateNo === c.candidateNo);
      return refused
        ? { ...r, status: 409, body: { error: { code: 'CONFLICT', message: refused.message } } }
        : { ...r, status: 200, body: { status: 'unqualified' } };
    };
    await oneWins(c, [confirmed, () => api.post(decisionPath(c), qualified, tokens['zz.verifier'])]);
    // the bulk's other candidate is decided as it says
    expect((await readCandidate(rest.examId, rest.personId))?.status).toBe('unqualified');
  });

  it('R9: the result announcement published twice at once is one job, and each waiting candidate is told once', async () => {
    const exam = electronic();
    const t = tokens['zjt.verifier'] as string;
    const replies = await Promise.all(
      [0, 1].map(() => api.post(`/api/exams/${exam.id}/events`, { kind: 'resultsAnnounced' }, t)),
    );
    expect(replies.map((r) => r.status)).toEqual([202, 202]);
    expect(new Set(replies.map((r) => r.body.jobId)).size).toBe(1);
    const job = await api.jobDone(replies[0]?.body.jobId, t);
    expect(job).toMatchObject({ status: 'done', total: 59, done: 59, failed: 0 });
    await sys.jobs.idle();
    await sys.runner.idle();
    const jobs = await api.get(`/api/exams/${exam.id}/jobs`, t);
    expect(jobs.body.items.filter((j: { kind: string }) => j.kind === 'examEvent')).toHaveLength(1);
    const outbox = await outboxByPerson();
    const cands = demoCandidates(new Date()).filter((c) => c.examId === exam.id);
    const told = cands.map(
      (c) => (outbox.get(c.personId) ?? []).filter((m) => m.template === 'result').length,
    );
    // 59 of the exam's 60 told once: the demo's appeal candidate (R11, scripts/local/seed.ts) was told before
    expect(told.filter((n) => n === 1)).toHaveLength(59);
    expect(told.filter((n) => n > 1)).toEqual([]);
  });
});
