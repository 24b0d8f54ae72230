/**
 * Verification decisions and their reopening through the HTTP API on DynamoDB Local (R1, R7, R22, R24):
 * what is recorded with its audit record, and what is refused with nothing written.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { readCandidate } from '../../functions/lib/candidates.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
/** JZS1 (round 1) candidates: a pool in Zhengzhou (4101), and one elsewhere; each test takes its own */
let zz: Candidate[];
let elsewhere: Candidate;

/** The candidate's lifecycle audit records (the seed's objection to one candidate is audited too) */
const auditOf = async (c: Candidate) =>
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
const path = (c: Candidate, act: 'decision' | 'reopen') =>
  `/api/exams/${c.examId}/candidates/${c.personId}/${act}`;
const take = () => zz.shift() as Candidate;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  const now = new Date();
  exam = (demoExams(now)[0] as { id: string }).id;
  const all = demoCandidates(now).filter((c) => c.examId === exam && c.status === 'verifying');
  zz = all.filter((c) => c.city === '4101');
  elsewhere = all.find((c) => c.city !== '4101') as Candidate;
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

describe('decisions (R1, R7, R22)', () => {
  it('R22: a municipal verifier decides its own city’s candidate: the decision with its reason on the record and in the audit (never the note)', async () => {
    const c = take();
    const note = '学历证书编号与学信网记录不一致';
    const r = await api.post(
      path(c, 'decision'),
      { outcome: 'unqualified', reasonCode: 'education', note },
      tokens['zz.verifier'],
    );
    expect(r.status).toBe(200);
    // the candidate as the detail route answers it, with the decision
    const detail = await api.get(`/api/exams/${c.examId}/candidates/${c.personId}`, tokens['zz.verifier']);
    expect(r.body).toEqual(detail.body);
    expect(r.body.status).toBe('unqualified');
    expect(r.body.phase).toBe('results');
    expect(r.body.decision).toMatchObject({
      round: 'first',
      outcome: 'unqualified',
      reasonCode: 'education',
      reasonLabel: '学历不符',
      note,
      by: { deptId: 'zjt-4101', deptKind: 'municipalVerifier' },
    });
    expect(r.body.decision.by.deptName).toBeTruthy();
    expect(Date.parse(r.body.decision.at)).toBeGreaterThan(0);
    const stored = await readCandidate(c.examId, c.personId);
    expect(stored?.decision?.reasonCode).toBe('education');
    const audit = await auditOf(c);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'lifecycle.verified',
      actor: 'staff:zz.verifier',
      details: {
        from: 'verifying',
        to: 'unqualified',
        round: 'first',
        reasonCode: 'education',
        withNote: true,
      },
    });
    expect(JSON.stringify(audit)).not.toContain(note);
    expect(JSON.stringify(audit)).not.toContain(c.idNumber);
  });

  it('R22: the same decision twice is one change: 200 with the candidate unchanged, one audit record; a different one is 409', async () => {
    const c = take();
    const body = { outcome: 'unqualified', reasonCode: 'workYears' };
    const first = await api.post(path(c, 'decision'), body, tokens['zz.verifier']);
    expect(first.status).toBe(200);
    const second = await api.post(path(c, 'decision'), body, tokens['zjt.verifier']);
    expect(second.status).toBe(200);
    expect(second.body.updatedAt).toBe(first.body.updatedAt);
    expect(second.body.decision).toEqual(first.body.decision);
    expect(await auditOf(c)).toHaveLength(1);
    const other = await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');
    expect(other.body.error.message).toContain('R24');
    expect(await auditOf(c)).toHaveLength(1);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('unqualified');
  });

  it('R7: a round-1 decision after the deadline is refused (409 DEADLINE_PASSED) with the deadline, nothing written', async () => {
    const c = take();
    const detail = await api.get(`/api/exams/${c.examId}/candidates/${c.personId}`, tokens['zz.verifier']);
    expect(detail.body.deadline.rule).toBe('R7');
    const due = detail.body.deadline.endsAt as string;
    setClock({ now: () => new Date(Date.parse(due) + 60_000) });
    try {
      const r = await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('DEADLINE_PASSED');
      expect(r.body.error.message).toContain('24:00（北京时间）');
      expect(r.body.error.message).toContain('R7');
      expect(r.body.error.details).toEqual({ deadline: due, rule: 'R7' });
    } finally {
      setClock(null);
    }
    expect(await auditOf(c)).toEqual([]);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('verifying');
  });

  it('R1: a municipal verifier is told another city’s candidate does not exist (404), nothing written', async () => {
    const r = await api.post(path(elsewhere, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    // the association does not see the construction exam's candidates either
    const x = await api.post(path(elsewhere, 'decision'), { outcome: 'qualified' }, tokens['xh.verifier']);
    expect(x.status).toBe(404);
    expect(await auditOf(elsewhere)).toEqual([]);
    const stored = await readCandidate(elsewhere.examId, elsewhere.personId);
    expect(stored?.status).toBe('verifying');
    expect(stored?.decision).toBeUndefined();
  });

  it('R1, R24: hr reads every candidate but is refused a decision (403 naming the rule), nothing written', async () => {
    const c = take();
    const r = await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['hr.admin']);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(r.body.error.message).toContain('R1, R7, R22');
    expect(await auditOf(c)).toEqual([]);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('verifying');
  });

  it('R22: bad input is a 400 naming the field, nothing written', async () => {
    const c = take();
    const cases: [unknown, string][] = [
      [{ outcome: 'unqualified' }, 'reasonCode'],
      [{ outcome: 'unqualified', reasonCode: 'age' }, 'reasonCode'],
      [{ outcome: 'unqualified', reasonCode: 'other' }, 'note'],
      [{ outcome: 'qualified', note: '核'.repeat(2001) }, 'note'],
      [{ outcome: 'maybe' }, 'outcome'],
    ];
    for (const [body, field] of cases) {
      const r = await api.post(path(c, 'decision'), body, tokens['zz.verifier']);
      expect([field, r.status]).toEqual([field, 400]);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.details.fields[0].field).toBe(field);
    }
    expect(await auditOf(c)).toEqual([]);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('verifying');
  });
});

describe('reopening (R24)', () => {
  it('R24: the provincial verifier reopens a municipal decision: verifying again, the decision kept, audited; decidable anew', async () => {
    const c = take();
    await api.post(
      path(c, 'decision'),
      { outcome: 'unqualified', reasonCode: 'major' },
      tokens['zz.verifier'],
    );
    const r = await api.post(path(c, 'reopen'), { reason: '抽查发现材料存疑' }, tokens['zjt.verifier']);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('verifying');
    expect(r.body.phase).toBe('verification');
    expect(r.body.deadline.rule).toBe('R7');
    expect(r.body.decision).toBeNull();
    expect(r.body.previousDecisions).toHaveLength(1);
    expect(r.body.previousDecisions[0]).toMatchObject({
      outcome: 'unqualified',
      reasonCode: 'major',
      by: { deptId: 'zjt-4101' },
      reopened: { by: { deptId: 'zjt' }, reason: '抽查发现材料存疑' },
    });
    const audit = (await auditOf(c)).map((a) => a.action).sort();
    expect(audit).toEqual(['lifecycle.reopened', 'lifecycle.verified']);
    expect(JSON.stringify(await auditOf(c))).not.toContain('抽查发现材料存疑');
    const again = await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('qualified');
  });

  it('R24: a municipal verifier and hr are refused a reopening (403), nothing written', async () => {
    const c = take();
    await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
    for (const u of ['zz.verifier', 'hr.admin']) {
      const r = await api.post(path(c, 'reopen'), { reason: '复查' }, tokens[u]);
      expect([u, r.status]).toEqual([u, 403]);
      expect(r.body.error.message).toContain('R24');
    }
    const missing = await api.post(path(c, 'reopen'), { reason: ' ' }, tokens['zjt.verifier']);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].field).toBe('reason');
    expect(await auditOf(c)).toHaveLength(1);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('qualified');
  });

  it('R7, R24: after the deadline a reopening is refused with the deadline', async () => {
    const c = take();
    const d = await api.post(path(c, 'decision'), { outcome: 'qualified' }, tokens['zz.verifier']);
    expect(d.status).toBe(200);
    setClock({ now: () => new Date(Date.now() + 40 * 86_400_000) });
    try {
      const r = await api.post(path(c, 'reopen'), { reason: '复查' }, tokens['zjt.verifier']);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('DEADLINE_PASSED');
      expect(r.body.error.details.rule).toBe('R7');
      expect(r.body.error.message).toContain('24:00（北京时间）');
    } finally {
      setClock(null);
    }
    expect(await auditOf(c)).toHaveLength(1);
  });
});
