/**
 * Bulk decisions (R1, R7, R22): a verifier decides many round-1 candidates at once — those a filter of
 * the work queue takes, or those of a list of candidate numbers — in two steps. The preview counts whom
 * it will touch (a list's unknown, out-of-scope or undecidable numbers reported by row, with the
 * reason) and decides nothing; the confirm decides each of them through the single decision's rules
 * (functions/domain/decisions.ts), one candidate at a time with its own audit record.
 *
 * Pure: what a request may hold, what a list row may hold, whom a bulk decision may touch, when it may
 * be confirmed, and how it is shown. The walk and the writes are functions/acts/bulk-decisions.ts's.
 */
import type { Candidate } from './candidate.js';
import {
  currentDecision,
  type DecidedBy,
  type DecisionInput,
  decisionInputSchema,
  decisionRules,
} from './decisions.js';
import { DomainError } from './errors.js';
import { candidateNoSchema } from './imports.js';
import { type CandidateFilter, candidateFilterSchema } from './spot-checks.js';
import { deadlineText, statusWords } from './wording.js';
import * as z from './zod.js';

/** The most candidate numbers one list may hold (the request stays far below API Gateway's limits). */
export const MAX_BULK_LIST = 5000;
/** Candidates (or list rows) per step of a bulk decision's jobs. */
export const BULK_PAGE = 100;
/** Rejected rows kept on the record to show (the count is exact). */
export const MAX_BULK_REJECTED = 1000;
/** The longest text a list row may carry into the report of rejected rows. */
const ROW_SHOWN = 64;

const d = decisionInputSchema.shape;

/**
 * POST …/bulk-decisions: the decision (the single decision's fields and rules) and whom it is for —
 * either `filter` (the work queue's filter) or `candidateNos` (a list, one number per row, in order:
 * row 1 is the first). Rows are checked one by one and reported by row, never as a 400 for the list.
 */
export const bulkInputSchema = z
  .strictObject({
    outcome: d.outcome,
    reasonCode: d.reasonCode,
    note: d.note,
    filter: z.optional(candidateFilterSchema),
    candidateNos: z.optional(
      z
        .array(z.string({ error: '准考证号应为文字' }).check(z.maxLength(40, '准考证号不超过40个字符')), {
          error: 'candidateNos 应为准考证号的列表',
        })
        .check(
          z.minLength(1, '名单中没有准考证号'),
          z.maxLength(MAX_BULK_LIST, `一份名单最多 ${MAX_BULK_LIST} 个准考证号`),
        ),
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      decisionRules(v, ctx);
      if (!v.filter === !v.candidateNos)
        ctx.addIssue({
          code: 'custom',
          path: ['filter'],
          message: '请选择按筛选条件（filter）或按准考证号名单（candidateNos）之一',
        });
    }),
  );
export type BulkInput = z.infer<typeof bulkInputSchema>;

/** A list row that names a candidate number, in the list's order (row 1 is the first). */
export interface ListRow {
  row: number;
  candidateNo: string;
}

/** A row that will not be decided, and why. */
export interface RejectedRow {
  row: number;
  candidateNo: string;
  message: string;
}

/** Why a number names nobody the verifier may decide: the same words whether unknown or out of scope (R1). */
export const NOT_FOUND_MESSAGE = '本考试中没有该准考证号的考生（或不在本部门核查范围内）';

/** The rows of a list: each number trimmed and upper-cased; blank, malformed and repeated rows rejected. */
export function listRows(nos: readonly string[]): { rows: ListRow[]; rejected: RejectedRow[] } {
  const rows: ListRow[] = [];
  const rejected: RejectedRow[] = [];
  const first = new Map<string, number>();
  nos.forEach((raw, i) => {
    const row = i + 1;
    const shown = raw.trim().slice(0, ROW_SHOWN);
    const parsed = candidateNoSchema.safeParse(raw);
    if (!shown) {
      rejected.push({ row, candidateNo: '', message: '该行没有准考证号' });
      return;
    }
    if (!parsed.success) {
      rejected.push({ row, candidateNo: shown, message: parsed.error.issues[0]?.message ?? '' });
      return;
    }
    const candidateNo = parsed.data.toUpperCase();
    const seen = first.get(candidateNo);
    if (seen !== undefined) {
      rejected.push({ row, candidateNo, message: `与第 ${seen} 行重复` });
      return;
    }
    first.set(candidateNo, row);
    rows.push({ row, candidateNo });
  });
  return { rows, rejected };
}

/** What a bulk decision would do to a candidate: decide them, nothing (already so), or why not. */
export type BulkTarget = { kind: 'decide' } | { kind: 'same' } | { kind: 'refused'; message: string };

/**
 * R7, R22, R24: a bulk decision decides round-1 candidates only — those verifying; one already decided
 * the same way (outcome and reason) is left as it is; one decided otherwise must be reopened first
 * (R24); a pending candidate is decided one by one in the supplementary round (R10).
 */
export function bulkTarget(c: Candidate, input: Pick<DecisionInput, 'outcome' | 'reasonCode'>): BulkTarget {
  const standing = currentDecision(c);
  if (standing)
    return standing.outcome === input.outcome && standing.reasonCode === input.reasonCode
      ? { kind: 'same' }
      : {
          kind: 'refused',
          message: `已有核查结论「${statusWords[standing.outcome]}」，如需改变，须先由省级核查部门重新核查（R24）`,
        };
  if (c.status === 'verifying') return { kind: 'decide' };
  if (c.status === 'pending')
    return { kind: 'refused', message: '报考条件待核查的考生须在补充资格核查中逐一作结论（R10）' };
  return { kind: 'refused', message: `该考生当前状态为「${statusWords[c.status]}」，不能作核查结论` };
}

/**
 * The candidate a list row names: exactly one of the exam's records with that number that the verifier
 * may decide (R1). Out of scope reads as unknown; two records with one number are not chosen between.
 */
export function resolveRow<C>(
  matches: readonly C[],
  inScope: (c: C) => boolean,
): { candidate: C } | { message: string } {
  const mine = matches.filter(inScope);
  if (mine.length === 1) return { candidate: mine[0] as C };
  return mine.length ? { message: '该准考证号对应多名考生，请逐一核查' } : { message: NOT_FOUND_MESSAGE };
}

export type BulkStatus = 'counting' | 'ready' | 'running' | 'done' | 'failed';

/** A bulk decision as recorded (the catalog table, one small partition per exam). */
export interface BulkDecision {
  bulkId: string;
  examId: string;
  mode: 'filter' | 'list';
  decision: DecisionInput;
  filter?: CandidateFilter;
  /** a list's rows, all of them (the numbers are kept apart from this record) */
  rows?: number;
  /** who asked for it: the department and the staff member (the confirm is theirs too) */
  by: DecidedBy & { username: string };
  at: string;
  status: Exclude<BulkStatus, 'failed'>;
  /** the candidates the confirm will decide */
  willTouch: number;
  /** candidates (of a list) already decided this way: left as they are */
  alreadySo: number;
  rejected: RejectedRow[];
  rejectedCount: number;
  /** the parts the preview wrote: the candidates to decide, a page each */
  parts: number;
  previewJobId: string;
  jobId?: string;
  confirmedAt?: string;
  done: number;
  unchanged: number;
  failed: number;
  failures: RejectedRow[];
  finishedAt?: string;
}

/** The first rejected rows, in row order, at most MAX_BULK_REJECTED of them. */
export function keepRejected(current: readonly RejectedRow[], more: readonly RejectedRow[]): RejectedRow[] {
  return [...current, ...more].sort((a, b) => a.row - b.row).slice(0, MAX_BULK_REJECTED);
}

/**
 * R7: whether the bulk decision may be confirmed now — once counted, once only, and before the round-1
 * deadline (409 DEADLINE_PASSED with it).
 */
export function checkConfirm(b: Pick<BulkDecision, 'status'>, verificationDue: string, now: Date): void {
  if (Date.parse(verificationDue) <= now.getTime())
    throw new DomainError(
      'DEADLINE_PASSED',
      `首轮核查结果报送的截止时间为${deadlineText(verificationDue)}，已过期，不能再批量作核查结论（R7）`,
      { deadline: verificationDue, rule: 'R7' },
    );
  if (b.status === 'counting') throw new DomainError('CONFLICT', '仍在统计将处理的考生，请稍候再确认');
  if (b.status !== 'ready') throw new DomainError('CONFLICT', '该批量核查已确认，不能再次确认');
}

/** A bulk decision as staff see it: its state and counts, never the parts or the resume points. */
export function bulkView(b: BulkDecision, jobFailed: boolean) {
  return {
    bulkId: b.bulkId,
    examId: b.examId,
    mode: b.mode,
    outcome: b.decision.outcome,
    reasonCode: b.decision.reasonCode ?? null,
    note: b.decision.note ?? null,
    filter: b.filter ?? null,
    rows: b.rows ?? null,
    by: { deptId: b.by.deptId, deptName: b.by.deptName },
    at: b.at,
    status: (jobFailed && b.status !== 'done' ? 'failed' : b.status) as BulkStatus,
    willTouch: b.status === 'counting' ? null : b.willTouch,
    alreadySo: b.alreadySo,
    rejected: b.rejected,
    rejectedCount: b.rejectedCount,
    done: b.done,
    unchanged: b.unchanged,
    failed: b.failed,
    failures: b.failures,
    jobId: b.jobId ?? b.previewJobId,
    confirmedAt: b.confirmedAt ?? null,
    finishedAt: b.finishedAt ?? null,
  };
}
export type BulkView = ReturnType<typeof bulkView>;
