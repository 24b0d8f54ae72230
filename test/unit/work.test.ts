/**
 * The verifier's round-2 work (functions/domain/work.ts) and the candidate's one thing to do now
 * (functions/domain/views.ts nextStep, lettersServed): pure.
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import { counterDeltas, matchesQueue, type QueueRecord } from '../../functions/domain/queue.js';
import type { RevocationCase } from '../../functions/domain/revocations.js';
import { lettersServed, nextStep, staffCandidateView } from '../../functions/domain/views.js';

const pendingRecord = (): Candidate => ({
  personId: 'p',
  examId: 'JZS2-2026',
  examType: 'JZS2',
  name: '张三',
  idNumber: '410102199001011234',
  phone: '13900000000',
  city: '4101',
  status: 'pending',
  version: 1,
  createdAt: 'x',
  updatedAt: 'x',
});

import {
  openCaseRef,
  sumWork,
  type WorkRecord,
  workDeltas,
  workItems,
  workOf,
} from '../../functions/domain/work.js';

const facts = (more: Record<string, unknown> = {}) => ({ ...initialFacts(), resultNotifiedAt: 'x', ...more });
const joined: WorkRecord = {
  status: 'pending',
  lifecycle: facts({ supplementaryJoinedAt: '2026-01-02T00:00:00Z' }),
};
const appealed: WorkRecord = {
  status: 'unqualified',
  lifecycle: facts({ appealFiledAt: '2026-01-02T00:00:00Z' }),
};
const ref = {
  caseId: 'JZS1-2026.aaaaaaaaaaaaaaaaaaaa.0000000000000000000',
  state: 'proposed' as const,
  defenceEndsAt: '2026-02-01T16:00:00.000Z',
};
const due = '2026-03-01T16:00:00.000Z';

describe('R10, R11, N1: the work a candidate is in', () => {
  it('R10: a pending candidate is supplementary work once they took part, not before; the decision moves them out', () => {
    expect(workOf(joined)).toEqual(['supplementary']);
    expect(workOf({ status: 'pending', lifecycle: facts() })).toEqual([]);
    expect(workOf({ ...joined, status: 'qualified' })).toEqual([]);
    expect(workOf({ status: 'pending' })).toEqual([]);
  });
  it('R11: an unqualified candidate who appealed is appeal work until the appeal is decided', () => {
    expect(workOf(appealed)).toEqual(['appeal']);
    expect(workOf({ status: 'unqualified', lifecycle: facts() })).toEqual([]);
    expect(workOf({ status: 'unqualified' })).toEqual([]);
    expect(
      workOf({ ...appealed, lifecycle: facts({ appealFiledAt: 'x', appealDecision: 'rejected' }) }),
    ).toEqual([]);
    expect(workOf({ ...appealed, status: 'qualified' })).toEqual([]);
  });
  it('N1: an open revocation case is case work, beside any other; an approved case is none', () => {
    expect(workOf({ ...joined, openCase: ref })).toEqual(['supplementary', 'case']);
    expect(openCaseRef({ caseId: 'c', state: 'approved' } as RevocationCase)).toBeUndefined();
    expect(openCaseRef({ caseId: 'c', state: 'opened' } as RevocationCase)).toEqual({
      caseId: 'c',
      state: 'opened',
    });
    expect(
      openCaseRef({ caseId: 'c', state: 'proposed', proposal: { defenceEndsAt: 'e' } } as RevocationCase),
    ).toEqual({ caseId: 'c', state: 'proposed', defenceEndsAt: 'e' });
  });
  it('R10, R11, N1: the counters follow a record into and out of each work kind, and across cities', () => {
    const a = { ...joined, city: '4101' };
    expect(workDeltas(undefined, a)).toEqual([{ city: '4101', status: 'work_supplementary', by: 1 }]);
    expect(workDeltas(a, a)).toEqual([]);
    expect(workDeltas(a, { ...a, status: 'qualified' })).toEqual([
      { city: '4101', status: 'work_supplementary', by: -1 },
    ]);
    expect(workDeltas(a, { ...a, city: '4103' })).toEqual([
      { city: '4101', status: 'work_supplementary', by: -1 },
      { city: '4103', status: 'work_supplementary', by: 1 },
    ]);
    expect(workDeltas({ ...a, openCase: ref }, { ...a, openCase: { ...ref, state: 'defended' } })).toEqual(
      [],
    );
    // the status counters and the work counters change together
    expect(counterDeltas(a, { ...a, status: 'qualified' })).toEqual([
      { city: '4101', status: 'pending', by: -1 },
      { city: '4101', status: 'qualified', by: 1 },
      { city: '4101', status: 'work_supplementary', by: -1 },
    ]);
    expect(counterDeltas({ ...a, lifecycle: facts() }, a)).toEqual([
      { city: '4101', status: 'work_supplementary', by: 1 },
    ]);
    expect(
      sumWork([
        { work_case: 2, work_appeal: 1, pending: 4 },
        { work_case: -1, work_supplementary: 'x' },
      ]),
    ).toEqual({
      supplementary: 0,
      appeal: 1,
      case: 1,
    });
  });
  it('R11, N1: each piece of work has its deadline; a decision due by the supplementary deadline is overdue after it', () => {
    const before = new Date('2026-02-01T00:00:00Z');
    const after = new Date(due);
    expect(workItems(joined, { supplementaryDue: due }, before)).toEqual([
      { kind: 'supplementary', deadline: { date: '2026-03-01', endsAt: due, rule: 'R11' }, overdue: false },
    ]);
    expect(workItems(appealed, { supplementaryDue: due }, after)).toEqual([
      { kind: 'appeal', deadline: { date: '2026-03-01', endsAt: due, rule: 'R11' }, overdue: true },
    ]);
    const running = workItems({ status: 'qualified', openCase: ref }, { supplementaryDue: due }, before);
    expect(running).toEqual([
      {
        kind: 'case',
        deadline: { date: '2026-02-01', endsAt: ref.defenceEndsAt, rule: 'N1' },
        overdue: false,
        caseId: ref.caseId,
        state: 'proposed',
      },
    ]);
    // the defence period over, or answered: the department decides; no deadline shown
    expect(
      workItems(
        { status: 'qualified', openCase: ref },
        { supplementaryDue: due },
        new Date(ref.defenceEndsAt),
      )[0]?.deadline,
    ).toBeNull();
    expect(
      workItems(
        { status: 'qualified', openCase: { ...ref, state: 'defended' } },
        { supplementaryDue: due },
        before,
      )[0]?.deadline,
    ).toBeNull();
  });
  it('R10: the queue filter work=… keeps only the candidates in that work', () => {
    const rec = (w: WorkRecord) =>
      ({ ...w, city: '4101', personId: 'p', name: 'n', idNumber: 'i' }) as QueueRecord;
    expect(matchesQueue(rec(joined), { work: 'supplementary' })).toBe(true);
    expect(matchesQueue(rec(joined), { work: 'appeal' })).toBe(false);
    expect(matchesQueue(rec(appealed), { work: 'appeal' })).toBe(true);
    expect(matchesQueue(rec({ status: 'qualified', openCase: ref }), { work: 'case' })).toBe(true);
    expect(matchesQueue(rec(appealed), {})).toBe(true);
  });
});

const served = (state: RevocationCase['state'], endsAt = '2026-02-01T16:00:00.000Z') =>
  ({
    caseId: 'c1',
    state,
    proposal: {
      defenceDue: '2026-02-01',
      defenceEndsAt: endsAt,
      letter: { title: '撤销考试资格事先告知书', servedAt: '2026-01-20T02:00:00.000Z', sections: [] },
    },
  }) as unknown as RevocationCase;

describe('R10, R11, R12, N1: the one thing to do now', () => {
  const now = new Date('2026-01-25T00:00:00Z');
  const pend = { status: 'pending' as const, lifecycle: facts() };
  it('R12: a pending candidate in the window submits supplementary materials by its deadline; after taking part, waits', () => {
    expect(nextStep(pend, { phase: 'supplementary', deadline: due }, [], now)).toEqual({
      kind: 'supplementary',
      deadline: { date: '2026-03-01', endsAt: due, rule: 'R12' },
    });
    expect(nextStep(joined, { phase: 'supplementary', deadline: due }, [], now)).toEqual({
      kind: 'wait',
      on: 'supplementary',
    });
    // the deadline passed: nothing to do (the lifecycle makes them forfeited, R12)
    expect(nextStep(pend, { phase: 'supplementary', deadline: due }, [], new Date(due))).toEqual({
      kind: 'nothing',
    });
  });
  it('R11: an unqualified candidate files an appeal by the deadline, then waits for the decision', () => {
    const u = { status: 'unqualified' as const, lifecycle: facts() };
    expect(nextStep(u, { phase: 'appeal', deadline: due }, [], now)).toEqual({
      kind: 'appeal',
      deadline: { date: '2026-03-01', endsAt: due, rule: 'R11' },
    });
    expect(nextStep(appealed, { phase: 'appealDecision', deadline: due }, [], now)).toEqual({
      kind: 'wait',
      on: 'appeal',
    });
  });
  it('N1: a served proposal is answered first, by the end of the defence period; then the decision is awaited', () => {
    expect(nextStep(pend, { phase: 'supplementary', deadline: due }, [served('proposed')], now)).toEqual({
      kind: 'defence',
      caseId: 'c1',
      deadline: { date: '2026-02-01', endsAt: '2026-02-01T16:00:00.000Z', rule: 'N1' },
    });
    expect(nextStep(pend, { phase: 'supplementary' }, [served('defended')], now)).toEqual({
      kind: 'wait',
      on: 'case',
    });
    expect(
      nextStep(pend, { phase: 'supplementary' }, [served('proposed', '2026-01-24T16:00:00.000Z')], now),
    ).toEqual({
      kind: 'wait',
      on: 'case',
    });
    // an approved case, or one not served yet, asks nothing of the candidate
    expect(nextStep({}, { phase: 'done' }, [served('approved')], now)).toEqual({
      kind: 'nothing',
    });
    expect(nextStep({}, { phase: 'booking' }, [{ caseId: 'c', state: 'opened' }], now)).toEqual({
      kind: 'phase',
    });
  });
  it('R10, R11: the phase decides which form is offered; a step without a deadline is the phase’s own', () => {
    // a record without lifecycle facts yet, in the supplementary window
    expect(nextStep({}, { phase: 'supplementary', deadline: due }, [], now).kind).toBe('supplementary');
    // taking part in supplementary verification says nothing about an appeal
    expect(nextStep(joined, { phase: 'appeal', deadline: due }, [], now).kind).toBe('appeal');
    expect(nextStep(pend, { phase: 'supplementary' }, [], now)).toEqual({ kind: 'phase' });
    expect(nextStep(pend, { phase: 'booking', deadline: due }, [], now)).toEqual({ kind: 'phase' });
    expect(nextStep(pend, { phase: 'verification', deadline: due }, [], now)).toEqual({ kind: 'phase' });
  });
  it('R12: the forfeited (phase done, as phaseOf gives it) and the finished have nothing to do', () => {
    expect(nextStep({}, { phase: 'done' }, [], now)).toEqual({ kind: 'nothing' });
    expect(nextStep(joined, { phase: 'done' }, [], now)).toEqual({ kind: 'nothing' });
  });
  it('N1: the letters served are listed oldest first, each with its case', () => {
    const approved = {
      ...served('approved'),
      approval: {
        letter: { title: '撤销考试资格决定书', servedAt: '2026-02-03T02:00:00.000Z', sections: [] },
      },
    } as unknown as RevocationCase;
    const later = {
      caseId: 'c0',
      proposal: { letter: { title: 'x', servedAt: '2026-01-21T00:00:00.000Z' } },
    } as unknown as RevocationCase;
    expect(lettersServed([approved, later])).toEqual([
      { caseId: 'c1', title: '撤销考试资格事先告知书', servedAt: '2026-01-20T02:00:00.000Z' },
      { caseId: 'c0', title: 'x', servedAt: '2026-01-21T00:00:00.000Z' },
      { caseId: 'c1', title: '撤销考试资格决定书', servedAt: '2026-02-03T02:00:00.000Z' },
    ]);
    expect(lettersServed([{ caseId: 'c' } as RevocationCase])).toEqual([]);
    // letters served at the same instant keep their order
    const same = (caseId: string) =>
      ({ caseId, proposal: { letter: { title: caseId, servedAt: 't' } } }) as unknown as RevocationCase;
    expect(lettersServed([same('b'), same('a')]).map((l) => l.caseId)).toEqual(['b', 'a']);
  });
});

describe('R10, R23: the round-2 facts as staff see them', () => {
  it('R10, R23: staff see no submission and no spot check where there is none (null, not absent)', () => {
    const c = { ...pendingRecord(), supplementary: undefined, spotCheck: undefined };
    const v = staffCandidateView(c);
    expect(v.supplementary).toBeNull();
    expect(v.spotCheck).toBeNull();
    expect(
      staffCandidateView({ ...c, spotCheck: { drawId: 'd', at: 'a', deptName: 'x' } }).spotCheck,
    ).toEqual({
      drawId: 'd',
      at: 'a',
      deptName: 'x',
    });
  });
});
