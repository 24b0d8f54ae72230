/**
 * A decision and its reopening (R7, R24) through the real state machine definition on a virtual clock:
 * the waiting execution is woken by each, and a reopened candidate waits for a decision again until the
 * R7 deadline, becoming pending if none comes.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/acts/actor.js';
import { decideCandidate, reopenCandidate } from '../../functions/acts/decisions.js';
import { workflowSuite } from '../support/workflow-suite.js';

const h = workflowSuite();
let seq = 100;
const DAY = 86_400_000;
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

const zz: Actor = {
  kind: 'staff',
  username: 'zz.test',
  role: 'verifier',
  dept: {
    id: 'zjt-4101',
    name: '郑州市城乡建设局',
    kind: 'municipalVerifier',
    examTypes: ['JZS1'],
    city: '4101',
  },
};
const province: Actor = {
  kind: 'staff',
  username: 'zjt.test',
  role: 'verifier',
  dept: { id: 'zjt', name: '河南省住房和城乡建设厅', kind: 'provincialVerifier', examTypes: ['JZS1'] },
};

async function decidedCandidate() {
  const exam = await h.exam('JZS1');
  const c = await h.candidate(exam, ++seq);
  await h.start(c);
  expect(h.exec(c).waitingOn?.state).toBe('AwaitVerification');
  await decideCandidate(zz, c.examId, c.personId, { outcome: 'unqualified', reasonCode: 'workYears' });
  await h.settle();
  expect(h.exec(c).waitingOn?.state).toBe('AwaitResults');
  return c;
}

describe('decisions in the lifecycle', () => {
  it('R7, R24: a reopened candidate waits for a decision again and becomes pending at the R7 deadline if none comes', async () => {
    const c = await decidedCandidate();
    const d = await h.deadlines(c);
    const r = await reopenCandidate(province, c.examId, c.personId, '抽查发现工作年限证明存疑');
    expect(r.status).toBe('verifying');
    await h.settle();
    expect(h.exec(c).waitingOn?.state).toBe('AwaitVerification');
    await h.advanceToInstant(shift(d.verificationDue, 0.1));
    expect((await h.record(c)).status).toBe('pending');
    expect((await h.audit(c)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['lifecycle.verified', 'lifecycle.reopened', 'lifecycle.pending']),
    );
  });

  it('R24: a reopened candidate decided again moves on to the result announcement (R9)', async () => {
    const c = await decidedCandidate();
    await reopenCandidate(province, c.examId, c.personId, '复查');
    await h.settle();
    await decideCandidate(zz, c.examId, c.personId, { outcome: 'qualified' });
    await h.settle();
    expect(h.exec(c).waitingOn?.state).toBe('AwaitResults');
    const rec = await h.record(c);
    expect(rec.status).toBe('qualified');
    expect(rec.previousDecisions?.map((p) => p.outcome)).toEqual(['unqualified']);
  });
});
