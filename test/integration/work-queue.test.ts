/**
 * R10, R11, N1: the verifier's round-2 work in the queue through the local server on DynamoDB Local —
 * `work=supplementary|appeal|case` lists exactly the candidates in that work, each with its deadline,
 * and the work counters follow every step in and out (written in the step's own transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoRevocationCandidate } from '../../scripts/local/seed.js';
import { client, resultsTold, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let zjt: string;
const all = demoCandidates(new Date());
const jzs2 = (all.find((c) => c.examType === 'JZS2') as (typeof all)[number]).examId;
const pending = all.find((c) => c.examId === jzs2 && c.status === 'pending') as (typeof all)[number];
const unqualified = all.find((c) => c.examId === jzs2 && c.status === 'unqualified') as (typeof all)[number];
const revoke = demoRevocationCandidate(new Date());
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface WorkRow {
  personId: string;
  work: {
    kind: string;
    deadline: { date: string; endsAt: string; rule: string } | null;
    overdue: boolean;
    caseId?: string;
    state?: string;
  }[];
}
const work = async (examId: string, kind: string) => {
  const r = await api.get(`/api/exams/${examId}/candidates?limit=50&work=${kind}`, zjt);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: WorkRow[]; counts: { byWork: Record<string, number> } };
};

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  // R10: the pending are called by the result announcement
  await resultsTold(
    api,
    jzs2,
    zjt,
    [pending].map((c) => c.personId),
  );
});
afterAll(async () => {
  await sys?.stop();
});

describe('the round-2 work queue', () => {
  it('R10, R11, R23: a supplementary submission enters the supplementary work with its deadline; the decision takes it out', async () => {
    const before = await work(jzs2, 'supplementary');
    expect(before.items).toEqual([]);
    expect(before.counts.byWork).toEqual({ supplementary: 0, appeal: 0, case: 0 });
    const token = await client(sys.url, { from: '127.0.0.21' }).candidateToken(pending);
    const made = await api.post(
      `/api/exams/${jzs2}/materials/upload-url`,
      { contentType: 'application/pdf', name: '工作证明.pdf', bytes: PDF.length },
      token,
    );
    await fetch(`${sys.url}${made.body.url}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(PDF),
    });
    const sent = await api.post(
      `/api/exams/${jzs2}/supplementary`,
      { materialIds: [made.body.materialId] },
      token,
    );
    expect(sent.status).toBe(201);
    const listed = await work(jzs2, 'supplementary');
    expect(listed.items.map((i) => i.personId)).toEqual([pending.personId]);
    expect(listed.items[0]?.work).toEqual([
      {
        kind: 'supplementary',
        deadline: {
          date: expect.any(String),
          endsAt: expect.stringMatching(/T00:00:00\+08:00$/),
          rule: 'R11',
        },
        overdue: false,
      },
    ]);
    expect(listed.counts.byWork.supplementary).toBe(1);
    const d = await api.post(
      `/api/exams/${jzs2}/candidates/${pending.personId}/decision`,
      { outcome: 'qualified' },
      zjt,
    );
    expect(d.status).toBe(200);
    const after = await work(jzs2, 'supplementary');
    expect(after.items).toEqual([]);
    expect(after.counts.byWork.supplementary).toBe(0);
    // R23: the upload, its arrival, the submission and the decision are on the candidate's own timeline
    const tl = await api.get(`/api/exams/${jzs2}/candidates/${pending.personId}/timeline`, token);
    const actions = (tl.body.items as { action: string }[]).map((i) => i.action);
    for (const a of ['material.uploadUrl', 'material.recorded', 'lifecycle.supplementaryJoined'])
      expect(actions).toContain(a);
    expect(actions[0]).toMatch(/^lifecycle\.(verified|supplementaryDecided)$/);
  });

  it('R11: a filed appeal is appeal work until it is decided', async () => {
    // the seed's appeal-window candidate (scripts/local/seed.ts demoAppealCandidate): already told (R9)
    await recordEvent(
      jzs2,
      unqualified.personId,
      { type: 'appealFiled' },
      `candidate:${unqualified.personId}`,
    );
    const listed = await work(jzs2, 'appeal');
    expect(listed.items.map((i) => i.personId)).toEqual([unqualified.personId]);
    expect(listed.items[0]?.work[0]).toMatchObject({
      kind: 'appeal',
      deadline: { rule: 'R11' },
      overdue: false,
    });
    expect(listed.counts.byWork.appeal).toBe(1);
    await recordEvent(
      jzs2,
      unqualified.personId,
      { type: 'appealDecided', outcome: 'rejected' },
      'staff:zjt.verifier',
    );
    const after = await work(jzs2, 'appeal');
    expect(after.items).toEqual([]);
    expect(after.counts.byWork.appeal).toBe(0);
  });

  it('N1: the seeded open case is case work with its defence deadline until its decision is approved', async () => {
    const listed = await work(revoke.examId, 'case');
    expect(listed.items.map((i) => i.personId)).toEqual([revoke.personId]);
    const item = listed.items[0]?.work[0] as WorkRow['work'][number];
    expect(item).toMatchObject({ kind: 'case', state: 'proposed', deadline: { rule: 'N1' } });
    const c = await api.get(`/api/revocations/${item.caseId}`, zjt);
    expect(item.deadline).toEqual({
      date: c.body.proposal.defenceDue,
      endsAt: c.body.proposal.defenceEndsAt,
      rule: 'N1',
    });
    expect(listed.counts.byWork.case).toBe(1);
    // the candidate waives, the department decides, a second staff member approves: the work is done
    const me = await client(sys.url, { from: '127.0.0.22' }).candidateToken(revoke);
    expect((await api.post(`/api/revocations/${item.caseId}/defence`, { waive: true }, me)).status).toBe(200);
    const waived = await work(revoke.examId, 'case');
    expect(waived.items[0]?.work[0]).toMatchObject({ state: 'waived', deadline: null });
    expect(waived.counts.byWork.case).toBe(1);
    const decided = await api.post(
      `/api/revocations/${item.caseId}/decision`,
      { outcome: 'close', reasons: '经复核，证书编号系院校录入错误，不予撤销。' },
      zjt,
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const reviewer = await api.staffToken('zjt.reviewer', DEMO_PASSWORD);
    expect((await api.post(`/api/revocations/${item.caseId}/approval`, {}, reviewer)).status).toBe(200);
    const after = await work(revoke.examId, 'case');
    expect(after.items).toEqual([]);
    expect(after.counts.byWork.case).toBe(0);
    // every step the candidate is party to is on their timeline; the department's drafts are not
    const tl = await api.get(`/api/exams/${revoke.examId}/candidates/${revoke.personId}/timeline`, me);
    const actions = (tl.body.items as { action: string }[]).map((i) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['revocation.proposed', 'revocation.waived', 'revocation.closed']),
    );
    expect(actions).not.toContain('revocation.decided');
  });

  it('a work value the queue does not know is a 400 naming query.work', async () => {
    const r = await api.get(`/api/exams/${jzs2}/candidates?work=booking`, zjt);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toContain('query.work');
  });
});
