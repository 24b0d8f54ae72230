import { describe, expect, it } from 'vitest';
import {
  APPEAL_STATEMENT_MAX,
  appealDecisionInputSchema,
  appealInputSchema,
  decideAppeal,
} from '../../functions/domain/appeals.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { DecidedBy } from '../../functions/domain/decisions.js';
import type { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  applyEvent,
  candidateDeadlines,
  initialFacts,
  type LifecycleFacts,
  phaseOf,
} from '../../functions/domain/lifecycle.js';
import { submissionReceipt } from '../../functions/domain/supplementary.js';
import { timelineItem } from '../../functions/domain/timeline.js';
import { appealView } from '../../functions/domain/views.js';

const cal = seedCalendar();
// scores released 2024-09-23: supplementaryDue (R11) 2024-11-25
const paper: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const by: DecidedBy = { deptId: 'zjt', deptName: '河南省住房和城乡建设厅', deptKind: 'provincialVerifier' };
const told = { resultNotifiedAt: '2024-10-10T01:00:00.000Z' };
const filing = { reference: 'SB-1', statement: '学历符合', materialIds: ['m1'] };

function cand(status: Candidate['status'], facts: Partial<LifecycleFacts> = {}): Candidate {
  return {
    personId: 'abcdefghijkmnpqrstuv',
    examId: paper.id,
    examType: paper.examType,
    name: '王伟',
    idNumber: '410105199003079016',
    phone: '13900000001',
    city: '4101',
    status,
    lifecycle: { ...initialFacts(), ...told, ...facts },
    version: 1,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-23T02:00:00.000Z',
  };
}
const at = (local: string) => new Date(`${local}+08:00`);
const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};
/** An unqualified candidate who appealed on 2024-10-20. */
function filed(): Candidate {
  const c = cand('unqualified');
  const d = candidateDeadlines(cal, paper, c);
  return applyEvent(c, paper, d, { type: 'appealFiled', appeal: filing }, at('2024-10-20T09:00:00'))
    .candidate;
}

describe('appeals', () => {
  it('R11: the appeal is kept on the record with when; a second appeal is refused', () => {
    const c = filed();
    expect(c.appeal).toEqual({ ...filing, at: '2024-10-20T01:00:00.000Z' });
    expect(c.lifecycle?.appealFiledAt).toBe('2024-10-20T01:00:00.000Z');
    const d = candidateDeadlines(cal, paper, c);
    const e = refused(() => applyEvent(c, paper, d, { type: 'appealFiled' }, at('2024-10-21T09:00:00')));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('只能申辩一次');
  });

  it('R12: a forfeited candidate’s appeal is refused quoting R12', () => {
    const c = cand('forfeited');
    const e = refused(() =>
      applyEvent(
        c,
        paper,
        candidateDeadlines(cal, paper, c),
        { type: 'appealFiled' },
        at('2024-11-26T09:00:00'),
      ),
    );
    expect(e.details).toMatchObject({ rule: 'R12' });
    expect(e.message).toContain('R12');
  });

  it('R12, R13: a supplementary-round result is final: unqualified in round 2 waits for the announcement, is told, and cannot appeal', () => {
    const c = cand('unqualified', {
      round: 'supplementary',
      supplementaryJoinedAt: '2024-10-15T01:00:00.000Z',
    });
    const d = candidateDeadlines(cal, paper, c);
    expect(phaseOf(c, paper, d).phase).toBe('supplementaryResults');
    const e = refused(() => applyEvent(c, paper, d, { type: 'appealFiled' }, at('2024-10-20T09:00:00')));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('R12');
    const o = applyEvent(c, paper, d, { type: 'supplementaryAnnounced' }, at('2024-11-01T09:00:00'));
    expect(o.notices.map((x) => x.text)).toEqual(['【河南省人社厅】您的补充资格核查结果已公告：不合格。']);
    expect(o.candidate.lifecycle?.qualifiedAt).toBeUndefined();
    expect(phaseOf(o.candidate, paper, d).phase).toBe('done');
  });

  it('R11, R18: an upheld appeal qualifies the candidate and the booking window counts from the decision', () => {
    const c = filed();
    const d = candidateDeadlines(cal, paper, c);
    const o = decideAppeal(
      c,
      paper,
      d,
      { outcome: 'upheld', note: '材料真实' },
      by,
      at('2024-11-01T10:00:00'),
    );
    expect(o.candidate.status).toBe('qualified');
    expect(o.candidate.appeal).toEqual({
      ...filing,
      at: '2024-10-20T01:00:00.000Z',
      outcome: 'upheld',
      note: '材料真实',
      decidedAt: '2024-11-01T02:00:00.000Z',
      decidedBy: by,
    });
    expect(o.candidate.lifecycle?.qualifiedAt).toBe('2024-11-01T02:00:00.000Z');
    expect(o.notices).toEqual([
      {
        template: 'appealUpheld',
        text: '【河南省人社厅】您的申辩已核实成立，核查结论改为合格。理由：材料真实（详见考生服务平台）',
      },
    ]);
    expect(o.details).toEqual({ outcome: 'upheld', dept: 'zjt', rule: 'R11' });
    const after = candidateDeadlines(cal, paper, o.candidate);
    // 11-01 + 30 days = 12-01, a Sunday → Monday 12-02 (R18 counts from the appeal decision)
    expect(after.dates.bookingCloses).toBe('2024-12-02');
    expect(phaseOf(o.candidate, paper, after).phase).toBe('booking');
  });

  it('R11: a decision after supplementaryDue on a timely appeal is accepted and flagged overdue; rejected, the result stands', () => {
    const c = filed();
    const d = candidateDeadlines(cal, paper, c);
    const o = decideAppeal(c, paper, d, { outcome: 'rejected', note: '不符' }, by, at('2024-11-26T00:00:00'));
    expect(o.candidate.status).toBe('unqualified');
    expect(o.candidate.appeal).toMatchObject({ outcome: 'rejected', overdue: true });
    expect(o.details).toEqual({ outcome: 'rejected', dept: 'zjt', overdue: true, rule: 'R10, R11' });
    expect(o.notices[0]?.text).toContain('维持核查不合格结论。理由：不符');
    const onTime = decideAppeal(
      c,
      paper,
      d,
      { outcome: 'rejected', note: '不符' },
      by,
      at('2024-11-25T23:59:00'),
    );
    expect(onTime.candidate.appeal?.overdue).toBeUndefined();
    expect(phaseOf(o.candidate, paper, d).phase).toBe('done');
  });

  it('R11: the statement is required and at most 2,000 characters; the decision needs an outcome and its reasons', () => {
    expect(appealInputSchema.parse({ statement: ' 理由 ' })).toEqual({ statement: '理由' });
    expect(appealInputSchema.parse({ statement: '理由', materialIds: [] })).toEqual({
      statement: '理由',
      materialIds: [],
    });
    const long = appealInputSchema.safeParse({ statement: '字'.repeat(APPEAL_STATEMENT_MAX + 1) });
    expect(long.error?.issues[0]).toMatchObject({ path: ['statement'], message: '申辩理由不能超过2000字' });
    expect(appealInputSchema.safeParse({ statement: '字'.repeat(APPEAL_STATEMENT_MAX) }).success).toBe(true);
    expect(appealInputSchema.safeParse({ statement: ' ' }).error?.issues[0]?.message).toBe('请填写申辩理由');
    expect(appealInputSchema.safeParse({ statement: 'x', extra: 1 }).success).toBe(false);
    expect(appealDecisionInputSchema.safeParse({ outcome: 'upheld', note: ' ' }).success).toBe(false);
    expect(appealDecisionInputSchema.safeParse({ outcome: 'qualified', note: 'x' }).success).toBe(false);
    expect(appealDecisionInputSchema.safeParse({ outcome: 'upheld', note: '字'.repeat(2001) }).success).toBe(
      false,
    );
    expect(appealDecisionInputSchema.parse({ outcome: 'rejected', note: ' 理由 ' })).toEqual({
      outcome: 'rejected',
      note: '理由',
    });
  });

  it('R11: each refused field says what is wrong, naming the field', () => {
    const first = (schema: typeof appealInputSchema | typeof appealDecisionInputSchema, v: unknown) =>
      schema.safeParse(v).error?.issues[0];
    expect(first(appealInputSchema, {})).toMatchObject({
      path: ['statement'],
      message: '请填写申辩理由（statement）',
    });
    expect(first(appealInputSchema, { statement: 5 })?.message).toBe('请填写申辩理由（statement）');
    expect(first(appealDecisionInputSchema, { outcome: 'qualified', note: 'x' })).toMatchObject({
      path: ['outcome'],
      message: '请选择处理决定：upheld（申辩成立）或 rejected（申辩不成立）',
    });
    expect(first(appealDecisionInputSchema, { outcome: 'upheld' })).toMatchObject({
      path: ['note'],
      message: '请填写处理理由（note），将告知考生',
    });
    expect(first(appealDecisionInputSchema, { outcome: 'upheld', note: ' ' })?.message).toBe(
      '请填写处理理由，将告知考生',
    );
    expect(first(appealDecisionInputSchema, { outcome: 'upheld', note: '字'.repeat(2001) })?.message).toBe(
      '理由不能超过2000字',
    );
  });

  it('R11: the timeline names an appeal decision by its outcome; the candidate and staff see the appeal and the round', () => {
    const item = (action: string) =>
      timelineItem(
        { at: '2024-11-01T02:00:00.000Z', action, actor: 'system:x', details: { outcome: 'upheld' } },
        () => null,
      ).reason;
    expect(item('lifecycle.appealDecided')).toBe('upheld');
    expect(item('lifecycle.verified')).toBeNull();
    expect(appealView(cand('unqualified'))).toEqual({ appeal: null, round: 'first' });
    const { lifecycle: _none, ...bare } = cand('unqualified');
    expect(appealView(bare)).toEqual({ appeal: null, round: 'first' });
    const c = filed();
    expect(appealView({ ...c, lifecycle: { ...initialFacts(), round: 'appeal' } })).toEqual({
      appeal: c.appeal,
      round: 'appeal',
    });
  });

  it('R11: the appeal receipt says what happens next and by when', () => {
    const r = submissionReceipt('SB-1', '2024-10-20T01:00:00.000Z', '2024-11-26T00:00:00+08:00', 'appeal');
    expect(r).toEqual({
      reference: 'SB-1',
      submittedAt: '2024-10-20T01:00:00.000Z',
      deadline: '2024-11-26T00:00:00+08:00',
      next: '核查部门将复核您的申辩和所附材料，并在2024年11月25日 24:00（北京时间）前作出处理决定；决定及其理由将通过门户和短信告知您（R11）',
    });
  });
});
