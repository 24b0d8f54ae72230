/**
 * Verification decisions (R3, R7, R22) and their reopening (R24). A verifier decides a candidate
 * qualified or unqualified with a reason from a fixed list; the round the decision belongs to follows
 * from the candidate's status (verifying → round 1, pending with a supplementary submission → the
 * supplementary round). The decision is kept on the candidate record; the same decision twice is one
 * change; a different one on a decided candidate waits until the provincial verifier reopens it (R24),
 * which only it may do, only for a round-1 decision, only before the R7 deadline.
 * Pure: the acts (functions/acts/decisions.ts) load, authorize, save with the audit record and wake.
 */
import type { Candidate } from './candidate.js';
import type { DepartmentKind } from './departments.js';
import { DomainError, forbidden } from './errors.js';
import type { Exam } from './exams.js';
import {
  applyEvent,
  type CandidateDeadlines,
  initialFacts,
  type LifecycleEvent,
  type Outcome,
} from './lifecycle.js';
import { deadlineText, statusWords } from './wording.js';
import * as z from './zod.js';

/** R22: why a candidate is (un)qualified — eligibility items and whether the commitment was kept. */
export const reasonCodes = ['education', 'major', 'workYears', 'commitment', 'materials', 'other'] as const;
export type ReasonCode = (typeof reasonCodes)[number];

/** The reasons as the console shows them (web/console/messages.ts repeats them, a test keeps them equal). */
export const reasonLabels: Record<ReasonCode, { zh: string; en: string }> = {
  education: { zh: '学历不符', en: 'Education does not meet the requirement' },
  major: { zh: '专业不符', en: 'Major does not meet the requirement' },
  workYears: { zh: '工作年限不足', en: 'Not enough years of work' },
  commitment: { zh: '未履行承诺', en: 'Commitment not kept' },
  materials: { zh: '材料不实', en: 'False materials' },
  other: { zh: '其他', en: 'Other' },
};

export const decisionOutcomes = ['qualified', 'unqualified'] as const;
export type DecisionOutcome = (typeof decisionOutcomes)[number];

/** The most characters a decision's note or a reopening's reason may have. */
export const NOTE_MAX = 2000;

/** A form's empty choice ('' or null) is no choice. */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

// z.preprocess(f, s) of classic zod is z.pipe(z.transform(f), s)
const noteSchema = z.pipe(
  z.transform(blankToUndefined),
  z.optional(
    z.pipe(
      z.string({ error: '说明应为文字' }).check(z.trim(), z.maxLength(NOTE_MAX, `说明不能超过${NOTE_MAX}字`)),
      z.transform((s: string) => s || undefined),
    ),
  ),
);

/** The rules of a decision's fields together (also a bulk decision's: functions/domain/bulk-decisions.ts). */
export function decisionRules(
  v: { outcome: DecisionOutcome; reasonCode?: ReasonCode | undefined; note?: string | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  // R22: an unqualified result says which condition was not met
  if (v.outcome === 'unqualified' && !v.reasonCode)
    ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: '核查不合格须选择原因（R22）' });
  if (v.reasonCode === 'other' && !v.note)
    ctx.addIssue({ code: 'custom', path: ['note'], message: '原因为“其他”时须填写说明' });
}

/** POST …/decision: the outcome, its reason (R22) and a note. */
export const decisionInputSchema = z
  .strictObject({
    outcome: z.enum(decisionOutcomes, {
      error: '请选择核查结论：qualified（合格）或 unqualified（不合格）',
    }),
    reasonCode: z.pipe(
      z.transform(blankToUndefined),
      z.optional(
        z.enum(reasonCodes, {
          error: `原因应为以下之一：${reasonCodes.map((r) => `${r}（${reasonLabels[r].zh}）`).join('、')}`,
        }),
      ),
    ),
    note: noteSchema,
  })
  .check(z.superRefine((v, ctx) => decisionRules(v, ctx)));
export type DecisionInput = z.infer<typeof decisionInputSchema>;

/** POST …/reopen: why the provincial verifier takes a decision back (R24). */
export const reopenInputSchema = z.strictObject({
  reason: z
    .string({ error: '请填写重新核查的理由' })
    .check(
      z.trim(),
      z.minLength(1, '请填写重新核查的理由'),
      z.maxLength(NOTE_MAX, `理由不能超过${NOTE_MAX}字`),
    ),
});
export type ReopenInput = z.infer<typeof reopenInputSchema>;

export type DecisionRound = 'first' | 'supplementary';

/** The department that acted (never a staff member's username). */
export interface DecidedBy {
  deptId: string;
  deptName: string;
  deptKind: DepartmentKind;
}

/** A decision as kept on the candidate record. */
export interface Decision {
  round: DecisionRound;
  outcome: DecisionOutcome;
  reasonCode?: ReasonCode;
  note?: string;
  by: DecidedBy;
  at: string;
  /** the bulk decision it was made in (functions/domain/bulk-decisions.ts), if one */
  bulkId?: string;
  /**
   * R11: a supplementary decision made after `supplementaryDue` on a timely submission — accepted (the
   * candidate took part in time), flagged for the console and the supplementary report
   */
  overdue?: true;
}

/** A decision taken back by the provincial verifier (R24), kept with why, by whom and when. */
export interface ReopenedDecision extends Decision {
  reopened: { at: string; by: DecidedBy; reason: string };
}

/**
 * The decision that made the candidate's current status, if it still stands: one of the round the
 * lifecycle is in (an appeal's result, R11, is not a verification decision).
 */
export function currentDecision(c: Candidate): Decision | undefined {
  const d = c.decision;
  if (!d || d.outcome !== c.status) return undefined;
  return d.round === (c.lifecycle ?? initialFacts()).round ? d : undefined;
}

const conflict = (msg: string) => new DomainError('CONFLICT', msg);
const isPast = (iso: string, now: Date) => Date.parse(iso) <= now.getTime();

/**
 * R11: the verifier's work on a timely request (a supplementary submission, an appeal) is due by
 * `supplementaryDue`; decided later it is still accepted — the candidate asked in time — but flagged.
 */
export const overdueAfter = (d: CandidateDeadlines, now: Date): boolean => isPast(d.supplementaryDue, now);

/** Why a decision cannot be made on a candidate no round is open for. */
function noRound(c: Candidate, d: CandidateDeadlines): DomainError {
  if (c.status === 'pending')
    // R7: round 1 is over; R10: a pending candidate is decided in the supplementary round once they take part
    return new DomainError(
      'DEADLINE_PASSED',
      `首轮核查结果报送的截止时间为${deadlineText(d.verificationDue)}，已过期（R7）；该考生报考条件待核查，参加补充资格核查后方可作结论（R10）`,
      { deadline: d.verificationDue, rule: 'R7' },
    );
  return conflict(`该考生当前状态为「${statusWords[c.status]}」，不能作核查结论`);
}

/** The round a decision would be made in now, or why none is open (409; after R7, with the deadline). */
export function decisionRound(c: Candidate, d: CandidateDeadlines): DecisionRound {
  if (c.status === 'verifying') return 'first';
  if (c.status === 'pending' && c.lifecycle?.supplementaryJoinedAt) return 'supplementary';
  throw noRound(c, d);
}

/**
 * R3, R7, R22: what a decision changes, or null when the same decision (outcome and reason) already
 * stands — one change however often it is sent. A different decision on a decided candidate is refused:
 * it must be reopened first (R24).
 */
export function decide(
  c: Candidate,
  exam: Exam,
  d: CandidateDeadlines,
  input: DecisionInput,
  by: DecidedBy,
  now: Date,
  bulkId?: string,
): Outcome | null {
  const standing = currentDecision(c);
  if (standing) {
    if (standing.outcome === input.outcome && standing.reasonCode === input.reasonCode) return null;
    throw conflict(
      `该考生已有核查结论「${statusWords[standing.outcome]}」，如需改变，须先由省级核查部门重新核查（R24）`,
    );
  }
  const round = decisionRound(c, d);
  const event: LifecycleEvent =
    round === 'first'
      ? { type: 'verified', outcome: input.outcome }
      : { type: 'supplementaryDecided', outcome: input.outcome };
  // R7: the lifecycle refuses a round-1 decision after the report deadline (DEADLINE_PASSED, with it)
  const o = applyEvent(c, exam, d, event, now);
  // R11: the supplementary work is due by supplementaryDue; later it is still decided, but flagged
  // Stryker disable next-line ConditionalExpression: a round-1 decision after supplementaryDue is past verificationDue too, so applyEvent has refused it above
  const overdue = round === 'supplementary' && overdueAfter(d, now);
  const decision: Decision = {
    round,
    outcome: input.outcome,
    ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
    ...(input.note ? { note: input.note } : {}),
    by,
    at: now.toISOString(),
    ...(bulkId ? { bulkId } : {}),
    ...(overdue ? { overdue: true as const } : {}),
  };
  return {
    ...o,
    candidate: { ...o.candidate, decision },
    // the audit record names the reason, never the note (it may carry personal data)
    details: {
      round,
      outcome: input.outcome,
      reasonCode: input.reasonCode ?? null,
      withNote: !!input.note,
      dept: by.deptId,
      ...(bulkId ? { bulkId } : {}),
      ...(overdue
        ? { overdue: true, rule: 'R10, R11, R22' }
        : { rule: round === 'first' ? 'R7, R22' : 'R10, R22' }),
    },
  };
}

/**
 * R24: the provincial verifier takes back a round-1 decision — one of a municipal verifier's or its
 * own — before the R7 deadline and before the result announcement (R9): the candidate is verifying
 * again, so the lifecycle waits for a decision until the deadline and makes them pending if none comes.
 */
export function reopen(
  c: Candidate,
  exam: Exam,
  d: CandidateDeadlines,
  reason: string,
  by: DecidedBy,
  now: Date,
): Outcome {
  // a revoked (R14) or appeal-decided candidate has no standing round-1 decision: refused below
  const standing = currentDecision(c);
  if (standing?.round !== 'first') throw conflict('该考生没有可重新核查的首轮核查结论');
  if (exam.resultsAnnouncedAt || c.lifecycle?.resultNotifiedAt)
    throw conflict('核查结果已公告（R9），不能再重新核查');
  if (isPast(d.verificationDue, now))
    throw new DomainError(
      'DEADLINE_PASSED',
      `重新核查的截止时间为${deadlineText(d.verificationDue)}（首轮核查结果报送期限），已过期（R7）`,
      { deadline: d.verificationDue, rule: 'R7' },
    );
  if (standing.by.deptKind !== 'municipalVerifier' && standing.by.deptId !== by.deptId)
    throw forbidden('只能重新核查市级核查部门或本部门作出的结论（R24）');
  const at = now.toISOString();
  const previous: ReopenedDecision = { ...standing, reopened: { at, by, reason } };
  const { decision: _taken, ...rest } = c;
  return {
    candidate: {
      ...rest,
      status: 'verifying',
      previousDecisions: [...(c.previousDecisions ?? []), previous],
      version: c.version + 1,
      updatedAt: at,
    },
    notices: [],
    action: 'lifecycle.reopened',
    details: { round: 'first', from: standing.outcome, decidedBy: standing.by.deptId, rule: 'R24' },
  };
}

/** A decision as the console shows it: with its reason's label. */
const shown = <D extends Decision>(x: D) => ({
  ...x,
  reasonLabel: x.reasonCode ? reasonLabels[x.reasonCode].zh : null,
});

/** The decision part of the staff's candidate view: the standing decision and those reopened. */
export function decisionView(c: Candidate) {
  const standing = currentDecision(c);
  return {
    decision: standing ? shown(standing) : null,
    previousDecisions: (c.previousDecisions ?? []).map(shown),
  };
}
