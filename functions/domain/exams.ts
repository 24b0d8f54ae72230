/**
 * The exam catalogue. Each exam type says who organizes it and which certificate it gets:
 * R17 provincial exams co-organized by `hr` get an electronic certificate only; national exams and
 * association exams get paper certificates handed out by the verifier (R16, R18, R19).
 */
import * as z from 'zod';

export const organizers = ['national', 'provincialJoint', 'association'] as const;
export type Organizer = (typeof organizers)[number];

export interface ExamType {
  code: string;
  name: string;
  nameEn: string;
  organizer: Organizer;
  /** R2: candidates registered under the commitment system, with online checks */
  commitment: boolean;
}

export const examTypes: readonly ExamType[] = [
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
];

export function examType(code: string): ExamType | undefined {
  return examTypes.find((t) => t.code === code);
}

export type CertificateKind = 'paper' | 'electronic';

/** R17: provincial exams co-organized by hr → electronic certificate; all others paper (R16). */
export function certificateKind(t: Pick<ExamType, 'organizer'>): CertificateKind {
  return t.organizer === 'provincialJoint' ? 'electronic' : 'paper';
}

/** An exam as the console shows it: with its type's names, organizer and certificate kind (R16, R17). */
export function describeExam(e: Exam) {
  const t = examType(e.examType);
  return {
    ...e,
    examTypeName: t?.name ?? e.examType,
    examTypeNameEn: t?.nameEn ?? e.examType,
    organizer: t?.organizer ?? null,
    certificateKind: t ? certificateKind(t) : null,
  };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** One sitting of an exam type: the dates every deadline is computed from. */
export const examSchema = z.object({
  id: z.string().regex(/^[A-Z0-9-]{3,40}$/),
  examType: z.string(),
  name: z.string().min(1),
  year: z.number().int(),
  /** the last day of the exam (R20 custody runs 5 years from it) */
  examEnd: isoDate,
  /** R5: scores released */
  scoreRelease: isoDate,
  /** R6: the passing-score notice's publication day (defaults to the score release) */
  noticePublished: isoDate.optional(),
  /** per-exam changes to the notice's defaults, with the reason (validated by schedule.ts) */
  overrides: z.record(z.string(), z.unknown()).optional(),
  /** exam-wide events, as ISO instants, once they have happened */
  resultsAnnouncedAt: z.string().optional(),
  supplementaryAnnouncedAt: z.string().optional(),
  certificatesArrivedAt: z.string().optional(),
});
export type Exam = z.infer<typeof examSchema>;
