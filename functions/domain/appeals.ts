/**
 * Appeals (R10, R11, R12, issue 10 §3): a candidate found `unqualified` in round 1 files one appeal —
 * a statement and, if they wish, materials of their own — until `supplementaryDue`; the verifier
 * upholds it (the candidate is qualified and the certificate path opens; R18 counts from the decision,
 * lifecycle `qualifiedAt`) or rejects it (the result stands), with the reasons the candidate is told.
 * The lifecycle records both (`appealFiled`, `appealDecided`: functions/domain/lifecycle.ts — late,
 * second or forfeited requests refused there). Pure: the acts are functions/acts/appeals.ts.
 */
import type { Candidate } from './candidate.js';
import { type DecidedBy, overdueAfter } from './decisions.js';
import type { Exam } from './exams.js';
import { applyEvent, type CandidateDeadlines, type Outcome } from './lifecycle.js';
import { materialIdsSchema } from './supplementary.js';
import * as z from './zod.js';

/** The longest appeal statement, and the longest note of a decision on one. */
export const APPEAL_STATEMENT_MAX = 2000;
export const APPEAL_NOTE_MAX = 2000;

export const appealOutcomes = ['upheld', 'rejected'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];

/** What the candidate files; `reference` is given by the act. */
export interface AppealFiling {
  reference: string;
  statement: string;
  materialIds: string[];
}

/** An appeal as kept on the candidate record: the filing, when, and the decision once made. */
export interface Appeal extends AppealFiling {
  at: string;
  outcome?: AppealOutcome;
  /** the reasons the candidate is told */
  note?: string;
  decidedAt?: string;
  decidedBy?: DecidedBy;
  /** R11: decided after `supplementaryDue` on a timely appeal — accepted, flagged */
  overdue?: true;
}

/** POST /api/exams/{examId}/appeal. */
export const appealInputSchema = z.strictObject({
  statement: z
    .string({ error: '请填写申辩理由（statement）' })
    .check(
      z.trim(),
      z.minLength(1, '请填写申辩理由'),
      z.maxLength(APPEAL_STATEMENT_MAX, `申辩理由不能超过${APPEAL_STATEMENT_MAX}字`),
    ),
  materialIds: z.optional(materialIdsSchema(0)),
});
export type AppealInput = z.infer<typeof appealInputSchema>;

/** POST /api/exams/{examId}/candidates/{personId}/appeal-decision. */
export const appealDecisionInputSchema = z.strictObject({
  outcome: z.enum(appealOutcomes, {
    error: '请选择处理决定：upheld（申辩成立）或 rejected（申辩不成立）',
  }),
  note: z
    .string({ error: '请填写处理理由（note），将告知考生' })
    .check(
      z.trim(),
      z.minLength(1, '请填写处理理由，将告知考生'),
      z.maxLength(APPEAL_NOTE_MAX, `理由不能超过${APPEAL_NOTE_MAX}字`),
    ),
});
export type AppealDecisionInput = z.infer<typeof appealDecisionInputSchema>;

/**
 * R10, R11: what an appeal decision changes — the lifecycle's `appealDecided` (upheld → qualified,
 * the R18 window counted from now; rejected → the result stands; the candidate told with the reasons),
 * and the decision kept on the appeal, flagged overdue after `supplementaryDue`.
 */
export function decideAppeal(
  c: Candidate,
  exam: Exam,
  d: CandidateDeadlines,
  input: AppealDecisionInput,
  by: DecidedBy,
  now: Date,
): Outcome {
  const o = applyEvent(c, exam, d, { type: 'appealDecided', outcome: input.outcome, note: input.note }, now);
  const overdue = overdueAfter(d, now);
  const appeal: Appeal = {
    ...(c.appeal as Appeal),
    outcome: input.outcome,
    note: input.note,
    decidedAt: now.toISOString(),
    decidedBy: by,
    ...(overdue ? { overdue: true as const } : {}),
  };
  return {
    ...o,
    candidate: { ...o.candidate, appeal },
    // the audit record names the outcome, never the note (it may carry personal data)
    details: {
      outcome: input.outcome,
      dept: by.deptId,
      ...(overdue ? { overdue: true, rule: 'R10, R11' } : { rule: 'R11' }),
    },
  };
}
