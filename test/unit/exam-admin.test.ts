/**
 * Exam administration by hr (functions/domain/exams.ts): what hr enters for a sitting (examInputSchema),
 * the id a new sitting gets (nextExamId), what an edit may change (editProblem) and the record an input
 * makes (examFrom). Synthetic data only.
 */
import { describe, expect, it } from 'vitest';
import {
  type Exam,
  type ExamInput,
  editProblem,
  examFrom,
  examInputSchema,
  examSchema,
  examTypes,
  nextExamId,
} from '../../functions/domain/exams.js';

const input: ExamInput = {
  examType: 'JZS2',
  name: '测试考试甲',
  year: 2026,
  examEnd: '2026-06-02',
  scoreRelease: '2026-08-15',
};

const parse = (over: Record<string, unknown>) => examInputSchema.safeParse({ ...input, ...over });
const ok = (over: Record<string, unknown>) => parse(over).success;
const issues = (over: Record<string, unknown>) =>
  parse(over).error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

describe('examInputSchema', () => {
  it('R1: hr sets up a sitting of a catalogue exam type, with its name, year and dates', () => {
    expect(examInputSchema.parse(input)).toStrictEqual(input);
    const withNotice = { ...input, noticePublished: '2026-08-16' };
    expect(examInputSchema.parse(withNotice)).toStrictEqual(withNotice);
    expect(examInputSchema.parse({ ...input, noticePublished: undefined })).toEqual(input);
  });

  it('R1: every exam type of the catalogue may be chosen, nothing else', () => {
    for (const t of examTypes) expect(ok({ examType: t.code })).toBe(true);
    for (const bad of ['jzs2', 'ZZZ9', '', ' JZS2', 'JZS2 ']) {
      expect(issues({ examType: bad })).toEqual([{ path: 'examType', message: '请从考试类别目录中选择' }]);
    }
    expect(ok({ examType: undefined })).toBe(false);
    expect(ok({ examType: 2 })).toBe(false);
  });

  it('the name is 4 to 60 characters, counted after trimming, and is stored trimmed', () => {
    expect(ok({ name: 'abcd' })).toBe(true);
    expect(ok({ name: '测试考试' })).toBe(true);
    expect(issues({ name: 'abc' })).toEqual([{ path: 'name', message: '考试名称至少4个字' }]);
    expect(issues({ name: '测试考' })).toEqual([{ path: 'name', message: '考试名称至少4个字' }]);
    expect(issues({ name: '   abc   ' })).toEqual([{ path: 'name', message: '考试名称至少4个字' }]);
    expect(issues({ name: '' })).toEqual([{ path: 'name', message: '考试名称至少4个字' }]);
    expect(ok({ name: 'a'.repeat(60) })).toBe(true);
    expect(issues({ name: 'a'.repeat(61) })).toEqual([{ path: 'name', message: '考试名称不超过60个字' }]);
    expect(parse({ name: '  abcd  ' }).data?.name).toBe('abcd');
    expect(parse({ name: ` ${'a'.repeat(60)} ` }).data?.name).toBe('a'.repeat(60));
    expect(ok({ name: 12345 })).toBe(false);
  });

  it('the year is a whole number from 2000 to 2100', () => {
    expect(ok({ year: 2000, examEnd: '2000-06-02' })).toBe(true);
    expect(ok({ year: 2100, examEnd: '2100-06-02' })).toBe(true);
    expect(issues({ year: 1999, examEnd: '1999-06-02' })).toEqual([
      { path: 'year', message: '年度应在2000–2100之间' },
    ]);
    expect(issues({ year: 2101, examEnd: '2101-06-02' })).toEqual([
      { path: 'year', message: '年度应在2000–2100之间' },
    ]);
    expect(ok({ year: 2026.5 })).toBe(false);
    expect(ok({ year: '2026' })).toBe(false);
  });

  it('the dates are real calendar dates YYYY-MM-DD; the notice day is optional', () => {
    for (const field of ['examEnd', 'scoreRelease', 'noticePublished']) {
      expect(issues({ [field]: '2026-02-30' })).toEqual([{ path: field, message: '请填写真实的日期' }]);
      expect(issues({ [field]: '2026-13-01' })).toEqual([{ path: field, message: '请填写真实的日期' }]);
      expect(ok({ [field]: '2026-6-2' })).toBe(false);
      expect(ok({ [field]: '2026/06/02' })).toBe(false);
    }
    expect(ok({ year: 2024, examEnd: '2024-02-29' })).toBe(true);
    expect(ok({ scoreRelease: '2028-02-29' })).toBe(true);
    expect(ok({ scoreRelease: undefined })).toBe(false);
    expect(ok({ examEnd: undefined })).toBe(false);
  });

  it('the exam ends in the sitting’s year: otherwise refused on examEnd, naming the year', () => {
    expect(ok({ examEnd: '2026-01-01' })).toBe(true);
    expect(ok({ examEnd: '2026-12-31' })).toBe(true);
    expect(issues({ examEnd: '2025-12-31' })).toEqual([
      { path: 'examEnd', message: '考试结束日期应在 2026 年内' },
    ]);
    expect(issues({ examEnd: '2027-01-01' })).toEqual([
      { path: 'examEnd', message: '考试结束日期应在 2026 年内' },
    ]);
    expect(parse({ examEnd: '2027-01-01' }).error?.issues.map((i) => i.code)).toEqual(['custom']);
    // only the exam's end is tied to the year: scores may come out in the next one
    expect(ok({ examEnd: '2026-12-20', scoreRelease: '2027-02-10', noticePublished: '2027-02-11' })).toBe(
      true,
    );
  });

  it('an unknown key is refused', () => {
    const r = parse({ overrides: { noticeDays: { value: 12, reason: 'x' } } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.code)).toEqual(['unrecognized_keys']);
    expect(ok({ resultsAnnouncedAt: '2026-09-10T01:00:00.000Z' })).toBe(false);
    expect(ok({ id: 'JZS2-2026' })).toBe(false);
  });
});

describe('nextExamId', () => {
  it('the first sitting of a year is {examType}-{year}', () => {
    expect(nextExamId('JZS2', 2026, new Set())).toBe('JZS2-2026');
    expect(nextExamId('XFS1', 2031, new Set(['XFS1-2030', 'JZS2-2031']))).toBe('XFS1-2031');
    expect(nextExamId('A', 2026, new Set(['A-2026-2']))).toBe('A-2026');
  });

  it('further sittings of the year are -2, -3, …, filling the first gap', () => {
    expect(nextExamId('A', 2026, new Set(['A-2026']))).toBe('A-2026-2');
    expect(nextExamId('A', 2026, new Set(['A-2026', 'A-2026-3']))).toBe('A-2026-2');
    expect(nextExamId('A', 2026, new Set(['A-2026', 'A-2026-2']))).toBe('A-2026-3');
    expect(nextExamId('A', 2026, new Set(['A-2026', 'A-2026-2', 'A-2026-3', 'A-2026-5']))).toBe('A-2026-4');
  });
});

describe('editProblem', () => {
  const exam: Exam = { ...input, id: 'JZS2-2026' };
  const announced: Exam = { ...exam, resultsAnnouncedAt: '2026-09-10T01:00:00.000Z' };
  const r9 = { field: 'scoreRelease', message: '核查结果公告已发布（R9），考试日期不能再更改' };

  it('an unchanged input, or only a new name, is fine', () => {
    expect(editProblem(exam, input)).toBeNull();
    expect(editProblem(exam, { ...input, name: '测试考试乙' })).toBeNull();
  });

  it('the exam type cannot change once made', () => {
    expect(editProblem(exam, { ...input, examType: 'ZJS2' })).toEqual({
      field: 'examType',
      message: '考试类别创建后不能更改',
    });
    expect(editProblem(exam, { ...input, examType: 'ZJS2', year: 2027 })?.field).toBe('examType');
  });

  it('the year cannot change once made', () => {
    expect(editProblem(exam, { ...input, year: 2027 })).toEqual({
      field: 'year',
      message: '考试年度创建后不能更改',
    });
    expect(editProblem(announced, { ...input, year: 2027, scoreRelease: '2026-08-20' })?.field).toBe('year');
  });

  it('before the result announcement every date may change', () => {
    expect(editProblem(exam, { ...input, examEnd: '2026-06-03' })).toBeNull();
    expect(editProblem(exam, { ...input, scoreRelease: '2026-08-20' })).toBeNull();
    expect(editProblem(exam, { ...input, noticePublished: '2026-08-16' })).toBeNull();
    const withNotice: Exam = { ...exam, noticePublished: '2026-08-16' };
    expect(editProblem(withNotice, input)).toBeNull();
    expect(editProblem(withNotice, { ...input, noticePublished: '2026-08-17' })).toBeNull();
  });

  it('R9: once the result announcement is out, no date may change (reported on scoreRelease)', () => {
    expect(editProblem(announced, { ...input, examEnd: '2026-06-03' })).toEqual(r9);
    expect(editProblem(announced, { ...input, scoreRelease: '2026-08-20' })).toEqual(r9);
    expect(editProblem(announced, { ...input, noticePublished: '2026-08-16' })).toEqual(r9);
    const withNotice: Exam = { ...announced, noticePublished: '2026-08-16' };
    expect(editProblem(withNotice, input)).toEqual(r9);
    expect(editProblem(withNotice, { ...input, noticePublished: '2026-08-17' })).toEqual(r9);
  });

  it('R9: after the result announcement the name may still be corrected; the same dates are no change', () => {
    expect(editProblem(announced, input)).toBeNull();
    expect(editProblem(announced, { ...input, name: '测试考试乙' })).toBeNull();
    const withNotice: Exam = { ...announced, noticePublished: '2026-08-16' };
    expect(editProblem(withNotice, { ...input, noticePublished: '2026-08-16' })).toBeNull();
  });

  it('R9: a notice day given as undefined is the same as none', () => {
    expect(editProblem(announced, { ...input, noticePublished: undefined })).toBeNull();
    expect(editProblem({ ...announced, noticePublished: undefined }, input)).toBeNull();
  });
});

describe('examFrom', () => {
  it('a new sitting is the input with its id, and a notice day only when given', () => {
    const made = examFrom(input, 'JZS2-2026');
    expect(made).toStrictEqual({ ...input, id: 'JZS2-2026' });
    expect(made).not.toHaveProperty('noticePublished');
    expect(examSchema.parse(made)).toEqual(made);
    expect(examFrom({ ...input, noticePublished: undefined }, 'JZS2-2026')).not.toHaveProperty(
      'noticePublished',
    );
    expect(examFrom({ ...input, noticePublished: '2026-08-16' }, 'JZS2-2026')).toStrictEqual({
      ...input,
      id: 'JZS2-2026',
      noticePublished: '2026-08-16',
    });
  });

  it('an edit keeps the events and overrides, and replaces the name and dates', () => {
    const before: Exam = {
      ...input,
      id: 'JZS2-2026',
      noticePublished: '2026-08-16',
      overrides: { noticeDays: { value: 12, reason: '测试原因' } },
      resultsAnnouncedAt: '2026-09-10T01:00:00.000Z',
      supplementaryAnnouncedAt: '2026-10-20T01:00:00.000Z',
    };
    const edit: ExamInput = {
      ...input,
      name: '测试考试乙',
      examEnd: '2026-06-03',
      scoreRelease: '2026-08-20',
      noticePublished: '2026-08-21',
    };
    expect(examFrom(edit, 'JZS2-2026', before)).toStrictEqual({ ...before, ...edit });
  });

  it('an edit without a notice day removes the old one', () => {
    const before: Exam = {
      ...input,
      id: 'JZS2-2026',
      noticePublished: '2026-08-16',
      resultsAnnouncedAt: '2026-09-10T01:00:00.000Z',
      overrides: { reportDays: { value: 20, reason: '测试原因' } },
    };
    const after = examFrom({ ...input, name: '测试考试乙' }, 'JZS2-2026', before);
    expect(after).toStrictEqual({
      ...input,
      id: 'JZS2-2026',
      name: '测试考试乙',
      resultsAnnouncedAt: '2026-09-10T01:00:00.000Z',
      overrides: { reportDays: { value: 20, reason: '测试原因' } },
    });
    expect(after).not.toHaveProperty('noticePublished');
    expect(examFrom({ ...input, noticePublished: undefined }, 'JZS2-2026', before)).not.toHaveProperty(
      'noticePublished',
    );
  });

  it('the id given is the record’s id', () => {
    const before: Exam = { ...input, id: 'JZS2-2026' };
    expect(examFrom(input, 'JZS2-2026-2', before).id).toBe('JZS2-2026-2');
  });
});
