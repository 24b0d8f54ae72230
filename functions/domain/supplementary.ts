/**
 * Supplementary verification (R10, R12, issue 10 §2): a `pending` candidate takes part by submitting
 * materials of their own — chosen from those on file (handed over, or uploaded: R23) — with a note,
 * until `supplementaryDue`. What a submission must be, that every material named is the candidate's
 * own, and what the candidate is told. The lifecycle records it (`supplementaryJoined`,
 * functions/domain/lifecycle.ts: refused after the deadline, or when forfeited, quoting R12).
 * Pure: the act is functions/acts/supplementary.ts.
 */
import { DomainError } from './errors.js';
import { MATERIAL_ID } from './materials.js';
import { deadlineText } from './wording.js';
import * as z from './zod.js';

/** The most materials one submission names. */
export const MAX_SUBMISSION_MATERIALS = 20;
/** The longest note. */
export const SUBMISSION_NOTE_MAX = 2000;

/** What the candidate submits: the materials chosen and a note; `reference` is given by the act. */
export interface SupplementarySubmission {
  reference: string;
  materialIds: string[];
  note?: string;
}

/**
 * The materials a request names (a supplementary submission, an appeal: functions/domain/appeals.ts):
 * at least `min`, at most MAX_SUBMISSION_MATERIALS, each a material id, repeats dropped.
 */
export const materialIdsSchema = (min: number) =>
  z.pipe(
    z
      .array(z.string({ error: '材料编号应为文字' }).check(z.regex(MATERIAL_ID, '材料编号格式不正确')), {
        error: '请选择至少一份材料（materialIds）',
      })
      .check(
        z.minLength(min, '请选择至少一份材料'),
        z.maxLength(MAX_SUBMISSION_MATERIALS, `一次最多选择 ${MAX_SUBMISSION_MATERIALS} 份材料`),
      ),
    z.transform((ids: string[]) => [...new Set(ids)]),
  );

/** POST /api/exams/{examId}/supplementary. */
export const supplementaryInputSchema = z.strictObject({
  materialIds: materialIdsSchema(1),
  note: z.optional(
    z.pipe(
      z
        .string({ error: '说明应为文字' })
        .check(z.trim(), z.maxLength(SUBMISSION_NOTE_MAX, `说明不能超过${SUBMISSION_NOTE_MAX}字`)),
      z.transform((s: string) => s || undefined),
    ),
  ),
});
export type SupplementaryInput = z.infer<typeof supplementaryInputSchema>;

/**
 * Every material named is one of the candidate's own for the exam; an unknown id and another
 * candidate's are refused alike (400 naming `materialIds`), so nothing tells them apart.
 */
export function checkOwnMaterials(chosen: readonly string[], own: readonly string[]): void {
  const mine = new Set(own);
  const unknown = chosen.filter((id) => !mine.has(id));
  if (!unknown.length) return;
  const message = `以下材料不在您本场考试的材料中：${unknown.join('、')}；请从“我的材料”中选择`;
  throw new DomainError('VALIDATION', message, { fields: [{ field: 'materialIds', message }] });
}

/**
 * What the candidate is told once a request is recorded (a submission; an appeal: `what` names it):
 * its reference and what happens next.
 */
export function submissionReceipt(
  reference: string,
  at: string,
  supplementaryDue: string,
  what: 'supplementary' | 'appeal' = 'supplementary',
) {
  const next =
    what === 'appeal'
      ? `核查部门将复核您的申辩和所附材料，并在${deadlineText(supplementaryDue)}前作出处理决定；决定及其理由将通过门户和短信告知您（R11）`
      : `核查部门将审核您提交的材料，并在${deadlineText(supplementaryDue)}前作出补充资格核查结论；结论将通过门户和短信告知您（R10、R11、R13）`;
  return { reference, submittedAt: at, deadline: supplementaryDue, next };
}
