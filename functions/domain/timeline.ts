/**
 * A candidate's timeline (issue 9 §5): every act and automatic transition on the candidate, read from
 * the candidate's audit partition and mapped here to what staff in scope and the candidate themself
 * may see (R1 decides who reads it, functions/acts/timeline.ts). N4: never a staff username — the acting
 * department's name instead — and never the personal data an audit record may carry beside its action
 * (an objection's contact or facts never reach the audit trail; anything else in `details` is dropped
 * unless it is a status, a phase or a reason).
 */

/** An audit record as stored (functions/lib/db.ts `auditItem`). */
export interface AuditRecord {
  at: string;
  action: string;
  /** `staff:{username}`, `system:{name}`, `candidate:{personId}`, or `anonymous` (the public) */
  actor: string;
  /** the acting staff member's department when the record was written (records from before: none) */
  actorDept?: { id: string; name: string } | null | undefined;
  details?: Record<string, unknown> | null | undefined;
}

export type ActorKind = 'staff' | 'system' | 'candidate' | 'public';

/** One line of the timeline; `at, action, actorDept, from, to, reason` are the public contract. */
export interface TimelineItem {
  at: string;
  action: string;
  /** the acting staff member's department name; null for the system, the candidate or the public */
  actorDept: string | null;
  actorKind: ActorKind;
  /** the status before and after, where the record says */
  from: string | null;
  to: string | null;
  /** the act's reason (a reason code, a revocation reason, a reminder's phase), else null */
  reason: string | null;
}

/** The most records one timeline reads (one candidate has tens). */
export const TIMELINE_LIMIT = 200;

/**
 * Records the candidate is not shown: the state machine's own bookkeeping, which says nothing about
 * the candidate's case (an execution taking over; a task that failed and waits for an operator).
 */
export const INTERNAL_ACTIONS: readonly string[] = [
  'lifecycle.executionStarted',
  'lifecycle.failed',
  // N1: a revocation case before its proposal is served, and a decision before it is approved, are the
  // department's work in progress: the candidate is told by the letters, once served
  'revocation.opened',
  'revocation.decided',
];

/** Who acted, from the audit record's actor. Anything unrecognised is the system's, never a person's. */
export function actorKindOf(actor: string): ActorKind {
  const kind = actor.split(':', 1)[0];
  if (kind === 'staff' || kind === 'candidate') return kind;
  if (kind === 'anonymous' || kind === 'public') return 'public';
  return 'system';
}

/** The staff username an actor names, to find the department of a record written before `actorDept`. */
export function staffUsername(actor: string): string | null {
  const m = /^staff:(.+)$/.exec(actor);
  return m ? (m[1] as string) : null;
}

/** A status or phase name: an identifier, so nothing personal can pass as one (N4). */
const IDENT = /^[A-Za-z][A-Za-z0-9]{0,39}$/;
const ident = (v: unknown): string | null => (typeof v === 'string' && IDENT.test(v) ? v : null);

/** N4: a free-text reason never carries an ID or phone number; long digit runs are hidden. */
export const REASON_MAX = 200;
export function cleanReason(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const text = v.trim().replace(/[0-9Xx]*[0-9]{6,}[0-9Xx]*/g, '***');
  return text ? text.slice(0, REASON_MAX) : null;
}

/** The reason an audit record names: a decision's reason code, a revocation's reason, a reminder's phase. */
export function reasonOf(r: AuditRecord): string | null {
  const d = r.details ?? {};
  const code = ident(d.reasonCode);
  if (code) return code;
  // R11: an appeal decision's outcome (upheld | rejected); its reasons (the note) are never in the audit record
  if (r.action === 'lifecycle.appealDecided') return ident(d.outcome);
  const reason = cleanReason(d.reason);
  if (reason) return reason;
  const reminder = /^lifecycle\.reminder\.(.+)$/.exec(r.action);
  return reminder ? ident(reminder[1]) : null;
}

/**
 * One audit record as a timeline item. `deptOf` names the department of a staff username for records
 * written before audit records carried `actorDept` (null when the account is gone).
 */
export function timelineItem(r: AuditRecord, deptOf: (username: string) => string | null): TimelineItem {
  const actorKind = actorKindOf(r.actor);
  let actorDept: string | null = null;
  if (actorKind === 'staff') {
    const username = staffUsername(r.actor);
    actorDept = r.actorDept?.name ?? (username === null ? null : deptOf(username));
  }
  const d = r.details ?? {};
  return {
    at: r.at,
    action: r.action,
    actorDept,
    actorKind,
    from: ident(d.from),
    to: ident(d.to),
    reason: reasonOf(r),
  };
}

/** Whether a reader sees a record: staff see everything; the candidate not the internal bookkeeping. */
export const visibleTo = (reader: 'staff' | 'candidate', action: string): boolean =>
  reader === 'staff' || !INTERNAL_ACTIONS.includes(action);

/** The timeline: the records a reader sees, newest first (records with the same instant keep their order). */
export function timeline(
  records: readonly AuditRecord[],
  reader: 'staff' | 'candidate',
  deptOf: (username: string) => string | null,
): TimelineItem[] {
  return records
    .filter((r) => visibleTo(reader, r.action))
    .map((r) => timelineItem(r, deptOf))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
