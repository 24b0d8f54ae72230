/**
 * The exam catalogue (functions/domain/exams.ts): who organizes each exam type, whether its candidates
 * registered under the commitment system (R2), which certificate it gets (R16, R17); how the console
 * describes an exam; and the exam record's schema.
 */
import { describe, expect, it } from 'vitest';
import {
  certificateKind,
  describeExam,
  type Exam,
  examSchema,
  examType,
  examTypes,
  organizers,
} from '../../functions/domain/exams.js';

const exam: Exam = {
  id: 'JZS2-2024',
  examType: 'JZS2',
  name: '2024年二级建造师',
  year: 2024,
  examEnd: '2024-06-02',
  scoreRelease: '2024-08-15',
};

describe('the exam catalogue', () => {
  it('R2, R16, R17: every exam type with its names, organizer and commitment system', () => {
    expect(examTypes).toEqual([
      {
        code: 'JZS1',
        name: '一级建造师',
        nameEn: 'Constructor, Grade 1',
        organizer: 'national',
        commitment: true,
      },
      {
        code: 'JZS2',
        name: '二级建造师',
        nameEn: 'Constructor, Grade 2',
        organizer: 'provincialJoint',
        commitment: true,
      },
      {
        code: 'ZJS2',
        name: '二级造价工程师',
        nameEn: 'Cost Engineer, Grade 2',
        organizer: 'provincialJoint',
        commitment: true,
      },
      {
        code: 'XFS1',
        name: '一级注册消防工程师',
        nameEn: 'Fire Protection Engineer, Grade 1',
        organizer: 'national',
        commitment: true,
      },
      {
        code: 'JZSZ',
        name: '建筑施工企业安全生产管理人员',
        nameEn: 'Construction Safety Manager',
        organizer: 'association',
        commitment: false,
      },
    ]);
  });

  it('R2: national exams and provincial exams co-organized by hr are under the commitment system; association exams not', () => {
    for (const t of examTypes) expect(t.commitment).toBe(t.organizer !== 'association');
  });

  it('R1, R17: the organizers are national, provincial joint (with hr) and association', () => {
    expect(organizers).toEqual(['national', 'provincialJoint', 'association']);
  });

  it('finds an exam type by its code, and nothing for an unknown code', () => {
    expect(examType('XFS1')?.name).toBe('一级注册消防工程师');
    expect(examType('ZJS2')?.organizer).toBe('provincialJoint');
    expect(examType('ZZZ9')).toBeUndefined();
    expect(examType('')).toBeUndefined();
  });

  it('R17: an electronic certificate for provincial joint exams only; R16: paper for national and association exams', () => {
    expect(certificateKind({ organizer: 'provincialJoint' })).toBe('electronic');
    expect(certificateKind({ organizer: 'national' })).toBe('paper');
    expect(certificateKind({ organizer: 'association' })).toBe('paper');
    expect(certificateKind(examType('XFS1') as never)).toBe('paper');
  });
});

describe('describeExam (R16, R17)', () => {
  it('R17: an exam is shown with its type’s names, organizer and certificate kind', () => {
    expect(describeExam(exam)).toEqual({
      ...exam,
      examTypeName: '二级建造师',
      examTypeNameEn: 'Constructor, Grade 2',
      organizer: 'provincialJoint',
      certificateKind: 'electronic',
    });
  });

  it('R16: a national exam gets paper certificates', () => {
    const d = describeExam({ ...exam, id: 'JZS1-2024', examType: 'JZS1' });
    expect(d.examTypeName).toBe('一级建造师');
    expect(d.organizer).toBe('national');
    expect(d.certificateKind).toBe('paper');
  });

  it('an exam of an unknown type is shown by the code, with no organizer and no certificate kind', () => {
    expect(describeExam({ ...exam, examType: 'ZZZ9' })).toEqual({
      ...exam,
      examType: 'ZZZ9',
      examTypeName: 'ZZZ9',
      examTypeNameEn: 'ZZZ9',
      organizer: null,
      certificateKind: null,
    });
  });
});

describe('examSchema', () => {
  const ok = (over: Record<string, unknown>) => examSchema.safeParse({ ...exam, ...over }).success;
  const messages = (over: Record<string, unknown>) =>
    examSchema.safeParse({ ...exam, ...over }).error?.issues.map((i) => i.message) ?? [];

  it('accepts an exam with its dates, the notice day, overrides and events', () => {
    const full = {
      ...exam,
      noticePublished: '2024-08-16',
      overrides: { noticeDays: { value: 12, reason: '节假日顺延' } },
      resultsAnnouncedAt: '2024-09-10T01:00:00.000Z',
      supplementaryAnnouncedAt: '2024-10-20T01:00:00.000Z',
    };
    expect(examSchema.parse(full)).toEqual(full);
    expect(examSchema.parse(exam)).toEqual(exam);
  });

  it('an exam id is 3 to 40 upper-case letters, digits and hyphens, nothing else', () => {
    expect(ok({ id: 'A-1' })).toBe(true);
    expect(ok({ id: 'A'.repeat(40) })).toBe(true);
    expect(ok({ id: 'AB' })).toBe(false);
    expect(ok({ id: 'A'.repeat(41) })).toBe(false);
    expect(ok({ id: 'jzs2-2024' })).toBe(false);
    expect(ok({ id: 'JZS2-2024 ' })).toBe(false);
    expect(ok({ id: ' JZS2-2024' })).toBe(false);
    expect(ok({ id: 'JZS2/2024' })).toBe(false);
  });

  it('an exam needs a name and a whole year', () => {
    expect(ok({ name: '' })).toBe(false);
    expect(ok({ name: '二' })).toBe(true);
    expect(ok({ year: 2024.5 })).toBe(false);
    expect(ok({ examType: undefined })).toBe(false);
  });

  it('T1: the exam’s dates are calendar dates YYYY-MM-DD, and the message says so', () => {
    for (const bad of [
      '2024-8-15',
      '24-08-15',
      '2024-08-5',
      '20240815',
      'x2024-08-15',
      '2024-08-15x',
      '2024-08-15T00:00',
    ]) {
      expect(messages({ scoreRelease: bad })).toEqual(['日期格式应为 YYYY-MM-DD']);
    }
    expect(ok({ examEnd: '2024-6-2' })).toBe(false);
    expect(ok({ noticePublished: '2024/08/16' })).toBe(false);
    expect(ok({ noticePublished: '2024-08-16' })).toBe(true);
  });
});
