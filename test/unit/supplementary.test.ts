/** R10, R12: a supplementary verification submission (functions/domain/supplementary.ts, lifecycle). */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holidays.js';
import {
  applyEvent,
  candidateDeadlines,
  FORFEITED_MESSAGE,
  forfeitedRefusal,
  initialFacts,
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
  lifecycle: initialFacts(),
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
