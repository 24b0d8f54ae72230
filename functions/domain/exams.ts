/**
 * The exam catalogue. Each exam type says who organizes it and which certificate it gets:
 * R17 provincial exams co-organized by `hr` get an electronic certificate only; national exams and
 * association exams get paper certificates handed out by the verifier (R16, R18, R19).
 */
import { isIsoDate } from './calendar.js';
import * as z from './zod.js';

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

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'));

/** One sitting of an exam type: the dates every deadline is computed from. */
export const examSchema = z.object({
  id: z.string().check(z.regex(/^[A-Z0-9-]{3,40}$/)),
  examType: z.string(),
  name: z.string().check(z.minLength(1)),
  year: z.number().check(z.int()),
  /** the last day of the exam (R20 custody runs 5 years from it) */
  examEnd: isoDate,
  /** R5: scores released */
  scoreRelease: isoDate,
  /** R6: the passing-score notice's publication day (defaults to the score release) */
  noticePublished: z.optional(isoDate),
  /** per-exam changes to the notice's defaults, with the reason (validated by schedule.ts) */
  overrides: z.optional(z.record(z.string(), z.unknown())),
  /** R11, R12: an earlier last day for supplementary submissions than supplementaryDue, with its reason */
  supplementaryCutoff: z.optional(z.object({ date: isoDate, reason: z.string() })),
  /** exam-wide events, as ISO instants, once they have happened */
  resultsAnnouncedAt: z.optional(z.string()),
  supplementaryAnnouncedAt: z.optional(z.string()),
  /** R17: hr issued the electronic certificates (an instant), with the issue date and issuing department */
  certificatesIssuedAt: z.optional(z.string()),
  /** the job of each exam-wide event's latest broadcast (functions/acts/exam-events.ts: one at a time) */
  resultsAnnouncedJob: z.optional(z.string()),
  supplementaryAnnouncedJob: z.optional(z.string()),
  certificatesIssuedJob: z.optional(z.string()),
  /** `seal`: the id of the seal image hr gave (the files store's seals/{examId}/{seal}.png), if any */
  certificateIssuance: z.optional(
    z.object({ issuedOn: isoDate, issuer: z.string(), seal: z.optional(z.string()) }),
  ),
});
export type Exam = z.infer<typeof examSchema>;

// ---------------------------------------------------------------------------------------------------
// Administration by `hr` (R1: hr sets up the exams the verifiers then work on)

const realDate = isoDate.check(z.refine(isIsoDate, '请填写真实的日期'));
/** The longest reason for an earlier supplementary cut-off. */
export const CUTOFF_REASON_MAX = 200;

/** What hr enters for a sitting: the type from the catalogue, its name and year, and its dates. */
export const examInputSchema = z
  .strictObject({
    examType: z.enum(examTypes.map((t) => t.code) as [string, ...string[]], {
      error: '请从考试类别目录中选择',
    }),
    name: z
      .string()
      .check(z.trim(), z.minLength(4, '考试名称至少4个字'), z.maxLength(60, '考试名称不超过60个字')),
    year: z
      .number()
      .check(z.int(), z.gte(2000, '年度应在2000–2100之间'), z.lte(2100, '年度应在2000–2100之间')),
    examEnd: realDate,
    scoreRelease: realDate,
    noticePublished: z.optional(realDate),
    /** R11, R12: an earlier cut-off for supplementary submissions, with its reason (not after supplementaryDue) */
    supplementaryCutoff: z.optional(
      z.strictObject({
        date: realDate,
        reason: z
          .string({ error: '请填写提前截止的理由' })
          .check(
            z.trim(),
            z.minLength(2, '请填写提前截止的理由'),
            z.maxLength(CUTOFF_REASON_MAX, `理由不超过${CUTOFF_REASON_MAX}字`),
          ),
      }),
    ),
    /** on a correction: the version of the exam the form was filled from (a stale form is refused) */
    version: z.optional(z.number().check(z.int(), z.gte(0))),
  })
  .check(
    z.superRefine((v, ctx) => {
      // the sitting's year is the year it was held
      if (v.examEnd.slice(0, 4) !== String(v.year))
        ctx.addIssue({ code: 'custom', path: ['examEnd'], message: `考试结束日期应在 ${v.year} 年内` });
    }),
  );
export type ExamInput = z.infer<typeof examInputSchema>;

/** `{examType}-{year}` for the first sitting of a year, then `-2`, `-3`, … for further sittings. */
export function nextExamId(examType: string, year: number, taken: ReadonlySet<string>): string {
  const base = `${examType}-${year}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * What an edit may change. The type and year name the sitting (they are in its id): fixed once made.
 * Once the result announcement is out (R9) the dates every deadline counts from are fixed too; the
 * name may always be corrected.
 */
export function editProblem(
  exam: Exam,
  input: ExamInput,
): { field: keyof ExamInput; message: string } | null {
  if (input.examType !== exam.examType) return { field: 'examType', message: '考试类别创建后不能更改' };
  if (input.year !== exam.year) return { field: 'year', message: '考试年度创建后不能更改' };
  const datesChanged =
    input.examEnd !== exam.examEnd ||
    input.scoreRelease !== exam.scoreRelease ||
    (input.noticePublished ?? null) !== (exam.noticePublished ?? null);
  if (datesChanged && exam.resultsAnnouncedAt)
    return { field: 'scoreRelease', message: '核查结果公告已发布（R9），考试日期不能再更改' };
  return null;
}

/** The exam record an input makes (new) or the record after an edit (keeping its events and overrides). */
export function examFrom(input: ExamInput, id: string, before?: Exam): Exam {
  const { noticePublished, supplementaryCutoff, version: _form, ...rest } = input;
  const { noticePublished: _old, supplementaryCutoff: _oldCutoff, ...kept } = before ?? ({} as Partial<Exam>);
  return {
    ...kept,
    ...rest,
    id,
    ...(noticePublished ? { noticePublished } : {}),
    ...(supplementaryCutoff ? { supplementaryCutoff } : {}),
  } as Exam;
}

/**
 * R11, R12: an earlier cut-off for supplementary submissions falls within the supplementary window —
 * after the score release, not after supplementaryDue (the last day, YYYY-MM-DD) — else the problem,
 * naming the field.
 */
export function cutoffProblem(
  exam: Pick<Exam, 'scoreRelease' | 'supplementaryCutoff'>,
  supplementaryDue: string,
): { field: 'supplementaryCutoff.date'; message: string } | null {
  const c = exam.supplementaryCutoff;
  if (!c) return null;
  if (c.date > supplementaryDue)
    return {
      field: 'supplementaryCutoff.date',
      message: `提前截止日期不能晚于补充资格核查截止日期 ${supplementaryDue}（R11）`,
    };
  if (c.date <= exam.scoreRelease)
    return {
      field: 'supplementaryCutoff.date',
      message: `提前截止日期应在成绩发布日 ${exam.scoreRelease} 之后`,
    };
  return null;
}
