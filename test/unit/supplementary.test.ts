/** R10, R12: a supplementary verification submission (functions/domain/supplementary.ts, lifecycle). */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { cutoffProblem, examInputSchema } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  applyEvent,
  candidateDeadlines,
  FORFEITED_MESSAGE,
  forfeitedRefusal,
  initialFacts,
  onTimeout,
  phaseOf,
} from '../../functions/domain/lifecycle.js';
import {
  checkOwnMaterials,
  MAX_SUBMISSION_MATERIALS,
  submissionReceipt,
  supplementaryInputSchema,
} from '../../functions/domain/supplementary.js';

const cal = seedCalendar();
const exam: Exam = {
  id: 'JZS2-2024',
  examType: 'JZS2',
  name: '二级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const cand = (status: Candidate['status']): Candidate => ({
  personId: 'abcdefghijkmnpqrstuv',
  examId: exam.id,
  examType: exam.examType,
  name: '王伟',
  idNumber: '410105199003079016',
  phone: '13900000001',
  city: '4101',
  status,
  // R9: told their result by the verification result announcement
  lifecycle: { ...initialFacts(), resultNotifiedAt: '2024-09-23T02:00:00.000Z' },
  version: 3,
  createdAt: '2024-09-23T02:00:00.000Z',
  updatedAt: '2024-09-23T02:00:00.000Z',
});
const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};
const M1 = '0000000000abcdefghj-u';
const M2 = '0000000000abcdefghj-3';
const M3 = '0000000000abcdefghk-u';

describe('R10 submission input', () => {
  it('R10: materialIds (own, unique) and an optional trimmed note', () => {
    expect(supplementaryInputSchema.parse({ materialIds: [M1, M1, M2], note: '  说明 ' })).toEqual({
      materialIds: [M1, M2],
      note: '说明',
    });
    expect(supplementaryInputSchema.parse({ materialIds: [M1], note: '   ' })).toEqual({ materialIds: [M1] });
    expect(supplementaryInputSchema.parse({ materialIds: [M1] })).toEqual({ materialIds: [M1] });
  });
  it.each([
    [{}, 'materialIds', '请选择至少一份材料（materialIds）'],
    [{ materialIds: [] }, 'materialIds', '请选择至少一份材料'],
    [{ materialIds: ['x'] }, 'materialIds.0', '材料编号格式不正确'],
    [{ materialIds: [3] }, 'materialIds.0', '材料编号应为文字'],
    [{ materialIds: Array(MAX_SUBMISSION_MATERIALS + 1).fill(M1) }, 'materialIds', '一次最多选择 20 份材料'],
    [{ materialIds: [M1], note: 'a'.repeat(2001) }, 'note', '说明不能超过2000字'],
    [{ materialIds: [M1], note: 5 }, 'note', '说明应为文字'],
  ])('R10: %j refused naming %s', (v, field, message) => {
    const r = supplementaryInputSchema.safeParse(v);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe(field);
    expect(r.error?.issues[0]?.message).toBe(message);
  });
  it('R10: a note of exactly 2000 characters and 20 materials are taken; unknown fields are not', () => {
    expect(
      supplementaryInputSchema.safeParse({ materialIds: Array(20).fill(M1), note: 'a'.repeat(2000) }).success,
    ).toBe(true);
    expect(supplementaryInputSchema.safeParse({ materialIds: [M1], extra: 1 }).success).toBe(false);
  });
});

describe('R10 own materials', () => {
  it('R10: every id must be the candidate’s own; unknown or another’s refused naming materialIds', () => {
    expect(() => checkOwnMaterials([M1], [M2, M1])).not.toThrow();
    const e = refused(() => checkOwnMaterials([M1, M2, M3], [M1]));
    expect(e.code).toBe('VALIDATION');
    const message = `以下材料不在您本场考试的材料中：${M2}、${M3}；请从“我的材料”中选择`;
    expect(e.message).toBe(message);
    expect(e.details).toEqual({ fields: [{ field: 'materialIds', message }] });
  });
});

describe('R10, R12 the lifecycle records the submission', () => {
  const d = candidateDeadlines(cal, exam, cand('pending'));
  const inTime = new Date(Date.parse(d.supplementaryDue) - 1);
  const submission = { reference: 'BC-1', materialIds: [M1], note: '说明' };
  it('R10: a pending candidate’s submission is kept on the record with when', () => {
    const o = applyEvent(cand('pending'), exam, d, { type: 'supplementaryJoined', submission }, inTime);
    expect(o.candidate.supplementary).toEqual({ ...submission, at: inTime.toISOString() });
    expect(o.candidate.lifecycle?.supplementaryJoinedAt).toBe(inTime.toISOString());
    expect(o.action).toBe('lifecycle.supplementaryJoined');
    // without a submission (older callers): only the fact
    expect(
      applyEvent(cand('pending'), exam, d, { type: 'supplementaryJoined' }, inTime).candidate,
    ).not.toHaveProperty('supplementary');
  });
  it('R10: a pending candidate not yet told their result (no result announcement) cannot take part yet, nothing recorded', () => {
    const untold = { ...cand('pending'), lifecycle: initialFacts() };
    const e = refused(() => applyEvent(untold, exam, d, { type: 'supplementaryJoined', submission }, inTime));
    expect(e.status).toBe(409);
    expect(e.message).toContain('资格核查结果公告发布后');
    // the same candidate once told is accepted
    const told = { ...untold, lifecycle: { ...initialFacts(), resultNotifiedAt: inTime.toISOString() } };
    expect(applyEvent(told, exam, d, { type: 'supplementaryJoined', submission }, inTime).action).toBe(
      'lifecycle.supplementaryJoined',
    );
  });
  it('R12: after supplementaryDue refused with the deadline', () => {
    const e = refused(() =>
      applyEvent(
        cand('pending'),
        exam,
        d,
        { type: 'supplementaryJoined', submission },
        new Date(Date.parse(d.supplementaryDue)),
      ),
    );
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.details).toEqual({ deadline: d.supplementaryDue, rule: 'R12' });
  });
  it('R12: a forfeited candidate is refused quoting R12', () => {
    const e = refused(() =>
      applyEvent(cand('forfeited'), exam, d, { type: 'supplementaryJoined', submission }, inTime),
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(FORFEITED_MESSAGE);
    expect(e.message).toContain('（R12）');
    expect(e.details).toEqual({ rule: 'R12' });
    expect(forfeitedRefusal().message).toBe(FORFEITED_MESSAGE);
    // another status: the plain refusal, not R12's
    expect(
      refused(() => applyEvent(cand('qualified'), exam, d, { type: 'supplementaryJoined' }, inTime)).message,
    ).toBe('只有报考条件待核查的考生需要参加补充资格核查');
  });
  it('R10: the receipt gives the reference, when, the deadline and what happens next', () => {
    expect(submissionReceipt('BC-1', '2024-10-20T02:00:00.000Z', '2024-11-24T00:00:00+08:00')).toEqual({
      reference: 'BC-1',
      submittedAt: '2024-10-20T02:00:00.000Z',
      deadline: '2024-11-24T00:00:00+08:00',
      next: '核查部门将审核您提交的材料，并在2024年11月23日 24:00（北京时间）前作出补充资格核查结论；结论将通过门户和短信告知您（R10、R11、R13）',
    });
  });
});

describe('R12 an earlier cut-off for supplementary submissions', () => {
  const due = candidateDeadlines(cal, exam, cand('pending')).dates.supplementaryDue as string;
  const cutoff = { date: '2024-11-01', reason: '配合证书制作进度' };
  const cut: Exam = { ...exam, supplementaryCutoff: cutoff };
  const d = candidateDeadlines(cal, cut, cand('pending'));
  const submission = { reference: 'BC-2', materialIds: [M1] };
  // told their round-1 result (R9): now in the supplementary phase
  const told: Candidate = {
    ...cand('pending'),
    lifecycle: { ...initialFacts(), resultNotifiedAt: '2024-10-09T02:00:00.000Z' },
  };
  it('R12: a submission after the cut-off is refused 409 DEADLINE_PASSED quoting the cut-off and its reason', () => {
    expect(d.supplementaryCutoff).toEqual({ ...cutoff, endsAt: '2024-11-02T00:00:00+08:00' });
    const before = new Date('2024-11-01T15:59:59.000Z');
    expect(
      applyEvent(cand('pending'), cut, d, { type: 'supplementaryJoined', submission }, before).action,
    ).toBe('lifecycle.supplementaryJoined');
    const e = refused(() =>
      applyEvent(
        cand('pending'),
        cut,
        d,
        { type: 'supplementaryJoined', submission },
        new Date('2024-11-01T16:00:00.000Z'),
      ),
    );
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toBe(
      '本场考试补充资格核查材料提交已于2024年11月1日 24:00（北京时间）提前截止（配合证书制作进度），已过期（R12）',
    );
    expect(e.details).toEqual({ deadline: '2024-11-02T00:00:00+08:00', rule: 'R12', reason: cutoff.reason });
  });
  it('R12: the cut-off is the pending candidate’s deadline: they forfeit at it, not at supplementaryDue', () => {
    expect(phaseOf(told, cut, d)).toEqual({
      phase: 'supplementary',
      deadline: '2024-11-02T00:00:00+08:00',
      rule: 'R12',
    });
    const after = onTimeout(told, cut, d, new Date('2024-11-02T00:00:00+08:00'));
    expect(after?.candidate.status).toBe('forfeited');
    // a cut-off on supplementaryDue itself changes nothing: no separate deadline
    const same = candidateDeadlines(
      cal,
      { ...exam, supplementaryCutoff: { date: due, reason: 'x' } },
      cand('pending'),
    );
    expect(same.supplementaryCutoff).toBeUndefined();
    expect(phaseOf(told, exam, same).deadline).toBe(same.supplementaryDue);
  });
  it('R11: the cut-off is not after supplementaryDue, and after the score release; its reason is required', () => {
    expect(cutoffProblem(cut, due)).toBeNull();
    expect(cutoffProblem({ ...exam, supplementaryCutoff: { date: due, reason: 'x' } }, due)).toBeNull();
    expect(cutoffProblem(exam, due)).toBeNull();
    const late = cutoffProblem({ ...exam, supplementaryCutoff: { date: '2024-11-30', reason: 'x' } }, due);
    expect(late).toEqual({
      field: 'supplementaryCutoff.date',
      message: `提前截止日期不能晚于补充资格核查截止日期 ${due}（R11）`,
    });
    expect(
      cutoffProblem({ ...exam, supplementaryCutoff: { date: exam.scoreRelease, reason: 'x' } }, due)?.message,
    ).toBe('提前截止日期应在成绩发布日 2024-09-23 之后');
    expect(
      cutoffProblem({ ...exam, supplementaryCutoff: { date: '2024-09-24', reason: 'x' } }, due),
    ).toBeNull();
    const input = {
      examType: 'JZS2',
      name: '二级建造师考试',
      year: 2024,
      examEnd: '2024-09-08',
      scoreRelease: '2024-09-23',
    };
    const noReason = examInputSchema.safeParse({
      ...input,
      supplementaryCutoff: { date: '2024-11-01', reason: ' ' },
    });
    expect(noReason.error?.issues[0]?.path).toEqual(['supplementaryCutoff', 'reason']);
    expect(
      examInputSchema.parse({ ...input, supplementaryCutoff: { date: '2024-11-01', reason: ' 理由 ' } })
        .supplementaryCutoff,
    ).toEqual({ date: '2024-11-01', reason: '理由' });
  });
});

describe('R13 every supplementary result is told by its announcement', () => {
  const announced: Exam = {
    ...exam,
    resultsAnnouncedAt: '2024-10-09T02:00:00.000Z',
    supplementaryAnnouncedAt: '2024-11-28T02:00:00.000Z',
  };
  const decided = (status: 'qualified' | 'unqualified'): Candidate => ({
    ...cand(status),
    lifecycle: {
      ...initialFacts(),
      round: 'supplementary',
      resultNotifiedAt: '2024-10-09T02:00:00.000Z',
      supplementaryJoinedAt: '2024-10-20T02:00:00.000Z',
    },
  });
  const d = candidateDeadlines(cal, announced, cand('pending'));
  const now = new Date('2024-11-28T03:00:00.000Z');
  it('R13: a candidate found unqualified in round 2 waits for the announcement, is told once, and is not qualified', () => {
    expect(phaseOf(decided('unqualified'), announced, d).phase).toBe('supplementaryResults');
    const o = applyEvent(decided('unqualified'), announced, d, { type: 'supplementaryAnnounced' }, now);
    expect(o.notices.map((n) => n.template)).toEqual(['supplementaryResult']);
    expect(o.notices[0]?.text).toContain('不合格');
    expect(o.candidate.lifecycle?.supplementaryNotifiedAt).toBe(now.toISOString());
    expect(o.candidate.lifecycle?.qualifiedAt).toBeUndefined();
    // told: a round-2 result is final for the year (R12), so the lifecycle ends; never told again
    expect(phaseOf(o.candidate, announced, d).phase).toBe('done');
    expect(() => applyEvent(o.candidate, announced, d, { type: 'supplementaryAnnounced' }, now)).toThrow(
      '该考生不在补充核查结果公告范围内',
    );
    // the qualified: qualified as of the announcement (R18 counts from it)
    const q = applyEvent(decided('qualified'), announced, d, { type: 'supplementaryAnnounced' }, now);
    expect(q.candidate.lifecycle?.qualifiedAt).toBe(announced.supplementaryAnnouncedAt);
  });
});
