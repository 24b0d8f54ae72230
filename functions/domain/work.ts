/**
 * The verifier's round-2 work (issue 10 §5; R10, R11, N1): which work a candidate is in — a
 * supplementary verification submitted and waiting for its decision, an appeal filed and waiting for
 * its decision, an open revocation case — with each one's deadline, and how the work counters change
 * when a record is written (kept in the same transaction as the change: functions/acts/candidate-change.ts,
 * functions/acts/revocations.ts). Pure.
 */
import { todayInChina } from './calendar.js';
import type { Candidate } from './candidate.js';
import type { CaseState, RevocationCase } from './revocations.js';

export const workKinds = ['supplementary', 'appeal', 'case'] as const;
export type WorkKind = (typeof workKinds)[number];

/** The open revocation case a candidate record carries for the queue (the case itself: its own item). */
export interface OpenCaseRef {
  caseId: string;
  state: CaseState;
  /** N1: the instant the defence period ends, once the proposed decision is served */
  defenceEndsAt?: string;
}

/** What of a record the work derives from. */
export type WorkRecord = Pick<Candidate, 'status' | 'lifecycle'> & { openCase?: OpenCaseRef | undefined };

/** The case as the candidate record carries it; none once approved (the case is over). */
export function openCaseRef(c: RevocationCase): OpenCaseRef | undefined {
  if (c.state === 'approved') return undefined;
  return {
    caseId: c.caseId,
    state: c.state,
    ...(c.proposal ? { defenceEndsAt: c.proposal.defenceEndsAt } : {}),
  };
}

/**
 * R10, R11, N1: the work a candidate is in. Supplementary: `pending` and taken part (the decision moves
 * them out). Appeal: `unqualified`, an appeal filed and not yet decided. Case: an open revocation case.
 */
export function workOf(c: WorkRecord): WorkKind[] {
  const f = c.lifecycle;
  const out: WorkKind[] = [];
  if (c.status === 'pending' && f?.supplementaryJoinedAt) out.push('supplementary');
  if (c.status === 'unqualified' && f?.appealFiledAt && !f.appealDecision) out.push('appeal');
  if (c.openCase) out.push('case');
  return out;
}

/** The counter attribute of a work kind, beside the status counts (functions/lib/candidates.ts). */
export const workCounter = (k: WorkKind) => `work_${k}` as const;
export type WorkCounter = ReturnType<typeof workCounter>;

/** The work counter changes of replacing `before` (absent: a new record) with `after`. */
export function workDeltas(
  before: (WorkRecord & { city: string }) | undefined,
  after: WorkRecord & { city: string },
): { city: string; status: WorkCounter; by: number }[] {
  const was = before ? workOf(before) : [];
  const is = workOf(after);
  const moved = before !== undefined && before.city !== after.city;
  return [
    ...was
      .filter((k) => moved || !is.includes(k))
      .map((k) => ({ city: (before as { city: string }).city, status: workCounter(k), by: -1 })),
    ...is
      .filter((k) => moved || !was.includes(k))
      .map((k) => ({ city: after.city, status: workCounter(k), by: 1 })),
  ];
}

export type WorkCounts = Record<WorkKind, number>;

/** Counter items (their work attributes) summed into one count per work kind. */
export function sumWork(items: readonly Partial<Record<string, unknown>>[]): WorkCounts {
  const out: WorkCounts = { supplementary: 0, appeal: 0, case: 0 };
  for (const it of items)
    for (const k of workKinds) {
      const v = it[workCounter(k)];
      if (typeof v === 'number') out[k] += v;
    }
  return out;
}

/** A deadline as every deadline is shown: its last day in China, the instant it ends (T4), its rule. */
export interface Deadline {
  date: string;
  endsAt: string;
  rule: string;
}

/** A deadline that ends at the instant `endsAt` (24:00 China time of its last day). */
export const deadlineOf = (endsAt: string, rule: string): Deadline => ({
  date: todayInChina(new Date(Date.parse(endsAt) - 1)),
  endsAt,
  rule,
});

/** One piece of work on a candidate, with its deadline and whether it has passed. */
export interface WorkItem {
  kind: WorkKind;
  /** R11: supplementary and appeal decisions by the supplementary deadline; N1: the defence period's end */
  deadline: Deadline | null;
  overdue: boolean;
  caseId?: string;
  state?: CaseState;
}

/**
 * The work on a candidate with its deadlines. A supplementary or appeal decision after the deadline is
 * still made (on a timely submission, R11) and flagged overdue; a case's deadline is the end of its
 * defence period while it runs (after it the department decides: nothing is overdue).
 */
export function workItems(c: WorkRecord, d: { supplementaryDue: string }, now: Date): WorkItem[] {
  const past = (iso: string) => Date.parse(iso) <= now.getTime();
  return workOf(c).map((kind) => {
    if (kind !== 'case')
      return { kind, deadline: deadlineOf(d.supplementaryDue, 'R11'), overdue: past(d.supplementaryDue) };
    const oc = c.openCase as OpenCaseRef;
    const running = oc.state === 'proposed' && !!oc.defenceEndsAt && !past(oc.defenceEndsAt);
    return {
      kind,
      deadline: running ? deadlineOf(oc.defenceEndsAt as string, 'N1') : null,
      overdue: false,
      caseId: oc.caseId,
      state: oc.state,
    };
  });
}
