/**
 * Exam-wide events recorded by the provincial verifier reach every waiting candidate's lifecycle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const electronic = () => demoExams(new Date())[1] as { id: string };

beforeAll(async () => {
  sys = await startTestSystem({ lifecycles: true });
  api = client(sys.url);
  // the 200 candidates of today's sittings and the forfeited one of last year's (R12)
  // and the two certificate holders of last year's (R17); the merged seed adds the XFS1 booking sitting's
  // 40 (R18), the arrival demo's 8 (N3) and the earlier paper sittings' 3 + 2 + 3 (R19, R20): 56 more
  expect(await sys.lifecycles).toBe(259);
  await sys.runner.idle();
});
afterAll(async () => {
  await sys?.stop();
});

describe('exam-wide events', () => {
  it('R9, R24: only the provincial verifier of the exam type publishes the result announcement; hr and a municipal verifier cannot', async () => {
    for (const [user, status] of [
      ['hr.admin', 403],
      ['zz.verifier', 403],
      ['xh.verifier', 404],
    ] as const) {
      const t = await api.staffToken(user, DEMO_PASSWORD);
      const r = await api.post(`/api/exams/${electronic().id}/events`, { kind: 'resultsAnnounced' }, t);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    }
    const t = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    const bad = await api.post(`/api/exams/${electronic().id}/events`, { kind: 'published' }, t);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('kind');
  });

  it('R9, R17: the announcement reaches all 59 waiting candidates: each is told, the qualified wait for the issuance', async () => {
    const t = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    const exam = electronic();
    const r = await api.post(`/api/exams/${exam.id}/events`, { kind: 'resultsAnnounced' }, t);
    // the broadcast is a job: accepted at once, followed at GET /api/jobs/{jobId}
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ kind: 'resultsAnnounced', rule: 'R9', job: { kind: 'examEvent' } });
    const job = await api.jobDone(r.body.jobId, t);
    // 59 of the exam's 60: the demo's appeal candidate (R11, scripts/local/seed.ts) was told already
    expect(job).toMatchObject({ status: 'done', total: 59, done: 59, failed: 0, percent: 100 });
    await sys.runner.idle();
    const cands = demoCandidates(new Date()).filter((c) => c.examId === exam.id);
    const hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
    const views = await Promise.all(
      cands.map((c) => api.get(`/api/exams/${exam.id}/candidates/${c.personId}`, hr)),
    );
    const phases = new Map<string, number>();
    for (const v of views) phases.set(v.body.phase, (phases.get(v.body.phase) ?? 0) + 1);
    const qualified = cands.filter((c) => c.status === 'qualified').length;
    expect(phases.get('issuance')).toBe(qualified); // R17: the electronic phase waits for hr's issuance
    expect(phases.get('supplementary')).toBe(cands.filter((c) => c.status === 'pending').length);
    expect(phases.get('appeal')).toBe(cands.filter((c) => c.status === 'unqualified').length);
    const outbox = await api.get('/api/outbox?limit=200', hr);
    const results = outbox.body.items.filter((m: { template: string }) => m.template === 'result');
    expect(results).toHaveLength(59);
    // recording it again changes nothing and reaches nobody new
    const again = await api.post(`/api/exams/${exam.id}/events`, { kind: 'resultsAnnounced' }, t);
    expect(again.status).toBe(202);
    expect(await api.jobDone(again.body.jobId, t)).toMatchObject({ status: 'done', total: 0, done: 0 });
    // the exam's jobs list both broadcasts, newest first; another exam's department does not see them (R1)
    const jobs = await api.get(`/api/exams/${exam.id}/jobs`, t);
    const broadcasts = jobs.body.items.filter((j: { kind: string }) => j.kind === 'examEvent');
    expect(broadcasts.map((j: { jobId: string }) => j.jobId)).toEqual([again.body.jobId, r.body.jobId]);
    // the lifecycle starts of `npm start` are this exam's jobs too
    expect(jobs.body.items.map((j: { kind: string }) => j.kind)).toContain('startLifecycles');
    const xh = await api.staffToken('xh.verifier', DEMO_PASSWORD);
    expect((await api.get(`/api/jobs/${r.body.jobId}`, xh)).status).toBe(404);
    expect((await api.get(`/api/exams/${exam.id}/jobs`, xh)).status).toBe(404);
  });

  it('R9, N4: the announcement is on the public site: the counts, and the unqualified and pending listed with masked ID numbers and what each must do by when', async () => {
    const exam = electronic();
    await sys.jobs.idle();
    const get = (path: string) => fetch(`${sys.url}${path}`);
    const index = (await (await get('/announcements/index.json')).json()) as { items: { id: string }[] };
    expect(index.items.map((i) => i.id)).toContain(`${exam.id}-R1`);
    const meta = (await (await get(`/announcements/${exam.id}-R1/index.json`)).json()) as {
      counts: Record<string, number>;
      pages: { result: 'unqualified' | 'pending'; city: string; count: number }[];
    };
    const cands = demoCandidates(new Date()).filter((c) => c.examId === exam.id);
    const n = (s: string) => cands.filter((c) => c.status === s).length;
    expect(meta.counts).toEqual({
      qualified: n('qualified'),
      unqualified: n('unqualified'),
      pending: n('pending'),
    });
    const listed: { result: string; candidateNo: string; idNumberMasked: string }[] = [];
    for (const p of meta.pages)
      for (let i = 1; i <= p.count; i++) {
        const page = (await (
          await get(`/announcements/${exam.id}-R1/list/${p.result}/${p.city}/${i}.json`)
        ).json()) as {
          entries: { candidateNo: string; idNumberMasked: string }[];
        };
        listed.push(...page.entries.map((e) => ({ ...e, result: p.result })));
      }
    const want = cands
      .filter((c) => c.status === 'unqualified' || c.status === 'pending')
      .map((c) => `${c.status}:${c.candidateNo}`)
      .sort();
    expect(listed.map((e) => `${e.result}:${e.candidateNo}`).sort()).toEqual(want);
    const html = await (await get(`/announcements/${exam.id}-R1/`)).text();
    expect(html).toContain('补充资格核查');
    expect(html).toContain('申辩');
    expect(html).toMatch(/24:00（北京时间）前/);
    for (const c of cands) expect(html + JSON.stringify(listed)).not.toContain(c.idNumber);
  });
});
