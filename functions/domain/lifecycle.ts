/**
 * A candidate's lifecycle from score release to certificate (or custody transfer), as the rulebook
 * says. Pure: given the candidate, the exam, the candidate's deadlines and the time, it says which
 * phase the candidate is in and what the state machine waits for (`planNext`), what an event changes
 * (`applyEvent`), and what happens when a wait runs out (`onTimeout`). The state machine
 * (infra/constructs/lifecycle.ts) and the handlers only carry these decisions out.
 */

import type { AppealFiling } from './appeals.js';
import { distributionDeadline } from './arrival.js';
import type { Booking } from './booking.js';
import { endsAtOf, type HolidayCalendar, missingYears, todayInChina } from './calendar.js';
import type { Candidate, CandidateStatus } from './candidate.js';
import { type CertificateRecord, revokeCertificate } from './certificates.js';
import type { CollectionRecord } from './collection.js';
import { DomainError } from './errors.js';
import { certificateKind, type Exam, examType } from './exams.js';
import { type ExamSchedule, examSchedule, type ScheduleInput } from './schedule.js';
import type { SupplementarySubmission } from './supplementary.js';
import { deadlineText, type Notice, notices, statusWords } from './wording.js';

export type { Notice } from './wording.js';

export const phases = [
  'verification',
  'results',
  'supplementary',
  'supplementaryResults',
  'appeal',
  'appealDecision',
  'issuance',
  'electronic',
  'booking',
  'arrival',
  'dispatch',
  'delivery',
  'collection',
  'successor',
  'done',
] as const;
export type Phase = (typeof phases)[number];

/** Phases in which the state machine waits for a person or an exam-wide event (callback + timeout). */
export const waitPhases = [
  'verification',
  'results',
  'supplementary',
  'supplementaryResults',
  'appeal',
  'appealDecision',
  'issuance',
  'booking',
  'arrival',
  'dispatch',
  'delivery',
  'collection',
] as const satisfies readonly Phase[];
export type WaitPhase = (typeof waitPhases)[number];
export const isWaitPhase = (p: Phase): p is WaitPhase => (waitPhases as readonly string[]).includes(p);

/** What has happened to the candidate; every field is a fact recorded with its time. */
export interface LifecycleFacts {
  /** which verification made the current status: round 1, supplementary (R10–R13), or an appeal */
  round: 'first' | 'supplementary' | 'appeal';
  /** R9: told their result individually */
  resultNotifiedAt?: string;
  /** R13: told the supplementary result */
  supplementaryNotifiedAt?: string;
  /** N3: this candidate's certificate has arrived at the verifier */
  certificateArrivedAt?: string;
  /** the announcement (or appeal decision) that made the candidate qualified: R18 counts from it */
  qualifiedAt?: string;
  supplementaryJoinedAt?: string;
  appealFiledAt?: string;
  appealDecision?: 'upheld' | 'rejected';
  /** R11: the appeal window closed without an appeal */
  appealClosedAt?: string;
  eCertIssuedAt?: string;
  bookedAt?: string;
  /** R18 window closed without a booking: on site (R19) */
  bookingClosedAt?: string;
  /** the tracking number of the certificate in the post (cleared when a first delivery fails) */
  trackingNo?: string;
  deliveredAt?: string;
  deliveryFailures?: number;
  /** when China Post last gave a delivery up (a delivery result file's `at`) */
  deliveryFailedAt?: string;
  collectedAt?: string;
  /** R20: custody ended uncollected (exam end + 5 years): put on the transfer register for hr */
  transferListedAt?: string;
  revokedAt?: string;
  /** reminder keys already sent (phase:deadline), so none is sent twice */
  reminders: string[];
  /** the successor generation of the execution carrying the lifecycle (one-year limit) */
  generation: number;
  executionStartedAt?: string;
}

export const initialFacts = (): LifecycleFacts => ({ round: 'first', reminders: [], generation: 1 });

/**
 * A Standard execution lives at most a year, so a lifecycle is carried by a chain of executions
 * (generations). When execution `generation` starts, it takes the lifecycle over: the facts to record,
 * or null when this generation already carries it (a retried or resumed start). An older generation
 * than the one recorded is refused: a successor already carries the lifecycle.
 */
export function takeOver(f: LifecycleFacts, generation: number, now: Date): LifecycleFacts | null {
  if (f.generation === generation && f.executionStartedAt) return null;
  if (generation < f.generation)
    throw new DomainError('CONFLICT', `a later execution (g${f.generation}) carries this lifecycle`);
  return { ...f, generation, executionStartedAt: now.toISOString() };
}

/** A candidate's deadlines, as instants (T4: the end of the last day, 24:00 China Standard Time). */
export interface CandidateDeadlines {
  verificationDue: string;
  supplementaryDue: string;
  bookingCloses: string | null;
  custodyEnds: string;
  /** N3: distribution starts within 10 working days of the certificates' arrival */
  dispatchDue: string | null;
  /** display dates (YYYY-MM-DD) for the same deadlines */
  dates: Record<
    'verificationDue' | 'supplementaryDue' | 'bookingCloses' | 'custodyEnds' | 'dispatchDue',
    string | null
  >;
  provisional: boolean;
  /** the deadlines (as endsAt instants) that fall in a year the calendar does not cover yet (T3) */
  provisionalAt: string[];
  /**
   * R11, R12: the exam's earlier cut-off for supplementary submissions, with its reason, when it is
   * before supplementaryDue; submissions (and so taking part) end then
   */
  supplementaryCutoff?: { endsAt: string; date: string; reason: string };
}

/** R12: the last moment to take part in supplementary verification — the cut-off if earlier, else supplementaryDue. */
export const submissionsClose = (d: CandidateDeadlines): string =>
  d.supplementaryCutoff?.endsAt ?? d.supplementaryDue;

/**
 * Exam-wide events reach a candidate when the state machine waits for them; one that happened before
 * the candidate's execution got there is applied when it arrives (no candidate misses an announcement).
 */
export function examEventFor(c: Candidate, exam: Exam, d: CandidateDeadlines): LifecycleEvent | null {
  const p = phaseOf(c, exam, d).phase;
  if (p === 'results' && exam.resultsAnnouncedAt) return { type: 'resultsAnnounced' };
  if (p === 'supplementaryResults' && exam.supplementaryAnnouncedAt)
    return { type: 'supplementaryAnnounced' };
  return null;
}

export { checkExamEvent, type ExamEventKind, examEventKinds, examEvents } from './exam-events.js';

/** The day an instant falls on in China (T1). */
const chinaDate = (iso: string): string => todayInChina(new Date(iso));

/** The schedule input of an exam; `announced` is the instant of the announcement R18 counts from. */
function scheduleInput(exam: Exam, announced?: string): ScheduleInput {
  const t = examType(exam.examType);
  return {
    scoreRelease: exam.scoreRelease,
    examEnd: exam.examEnd,
    ...(exam.noticePublished ? { noticePublished: exam.noticePublished } : {}),
    ...(announced ? { resultsAnnounced: chinaDate(announced) } : {}),
    ...(t ? { organizer: t.organizer } : {}),
    ...(exam.overrides ? { overrides: exam.overrides as never } : {}),
  };
}

/** An exam's schedule (R6, R7/R8, R11, R18 from its result announcement, R20) and the calendar years it still needs (T3). */
export function examScheduleOf(
  cal: HolidayCalendar,
  exam: Exam,
): { schedule: ExamSchedule; missingYears: number[] } {
  const schedule = examSchedule(cal, scheduleInput(exam, exam.resultsAnnouncedAt));
  const dates = Object.values(schedule).flatMap((d) => (d?.provisional ? [d.date] : []));
  return { schedule, missingYears: missingYears(cal, dates) };
}

export function candidateDeadlines(cal: HolidayCalendar, exam: Exam, c: Candidate): CandidateDeadlines {
  // R18: 30 days from the announcement that made this candidate qualified
  const s = examSchedule(cal, scheduleInput(exam, c.lifecycle?.qualifiedAt));
  // N3: within 10 working days of the arrival of the batch holding this candidate's certificate
  const arrived = c.lifecycle?.certificateArrivedAt;
  const dispatch = arrived ? distributionDeadline(cal, arrived) : null;
  const cutoff = exam.supplementaryCutoff;
  return {
    ...(cutoff && cutoff.date < s.supplementaryDue.date
      ? { supplementaryCutoff: { endsAt: endsAtOf(cutoff.date), date: cutoff.date, reason: cutoff.reason } }
      : {}),
    verificationDue: s.verificationDue.endsAt,
    supplementaryDue: s.supplementaryDue.endsAt,
    bookingCloses: s.bookingCloses?.endsAt ?? null,
    custodyEnds: s.custodyEnds.endsAt,
    dispatchDue: dispatch?.endsAt ?? null,
    dates: {
      verificationDue: s.verificationDue.date,
      supplementaryDue: s.supplementaryDue.date,
      bookingCloses: s.bookingCloses?.date ?? null,
      custodyEnds: s.custodyEnds.date,
      dispatchDue: dispatch?.date ?? null,
    },
    provisional: [s.verificationDue, s.supplementaryDue, s.bookingCloses, s.custodyEnds, dispatch].some(
      (d) => d?.provisional,
    ),
    provisionalAt: [s.verificationDue, s.supplementaryDue, s.bookingCloses, s.custodyEnds, dispatch].flatMap(
      (d) => (d?.provisional ? [d.endsAt] : []),
    ),
  };
}

/** How long before a deadline the candidate is reminded. */
export const REMINDER_LEAD_DAYS: Partial<Record<WaitPhase, number>> = {
  supplementary: 3,
  appeal: 3,
  booking: 3,
  collection: 30,
};

/** A Standard execution lives at most a year: hand over to a successor well before. */
export const EXECUTION_HORIZON_DAYS = 360;

export interface Plan {
  phase: Phase;
  /** the phase's legal deadline (ISO instant), if it has one, and its rule */
  deadline?: string;
  rule?: string;
  /** when a reminder is due, if one is still to be sent */
  remindAt?: string;
  /** when the execution must wake even if nothing happens: min(remindAt, deadline, horizon) */
  wakeAt?: string;
  /** whole seconds from now until wakeAt (≥ 1): the callback wait's timeout */
  timeoutSeconds: number;
}

const DAY_MS = 86_400_000;
const minus = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY_MS).toISOString();
const isPast = (iso: string | null | undefined, now: Date) => !!iso && Date.parse(iso) <= now.getTime();

/** The phase the candidate is in, from what is recorded. */
export function phaseOf(
  c: Candidate,
  exam: Exam,
  d: CandidateDeadlines,
): { phase: Phase; deadline?: string; rule?: string } {
  const f = c.lifecycle ?? initialFacts();
  const status: CandidateStatus = c.status;
  if (status === 'revoked' || status === 'forfeited') return { phase: 'done' };
  if (status === 'verifying') return { phase: 'verification', deadline: d.verificationDue, rule: 'R7' };
  // R9: every result is told through the verification result announcement
  if (f.round === 'first' && !f.resultNotifiedAt) return { phase: 'results' };
  // R12: taking part ends at the exam's earlier cut-off, if it set one, else at supplementaryDue
  if (status === 'pending') return { phase: 'supplementary', deadline: submissionsClose(d), rule: 'R12' };
  // R13: every supplementary result — unqualified too — is told through the supplementary announcement
  if (f.round === 'supplementary' && !f.supplementaryNotifiedAt) return { phase: 'supplementaryResults' };
  if (status === 'unqualified') {
    // R12: a round-2 result is final for the year (told by the supplementary announcement above): no appeal
    if (f.round === 'supplementary') return { phase: 'done' };
    if (f.appealDecision === 'rejected' || f.appealClosedAt) return { phase: 'done' };
    if (f.appealFiledAt) return { phase: 'appealDecision', deadline: d.supplementaryDue, rule: 'R11' };
    return { phase: 'appeal', deadline: d.supplementaryDue, rule: 'R11' };
  }
  // qualified
  const t = examType(exam.examType);
  if (t && certificateKind(t) === 'electronic')
    // R17: the electronic certificate is issued once hr has performed the exam's issuance
    return f.eCertIssuedAt
      ? { phase: 'done' }
      : exam.certificatesIssuedAt
        ? { phase: 'electronic' }
        : { phase: 'issuance' };
  if (f.deliveredAt || f.collectedAt || f.transferListedAt) return { phase: 'done' };
  if (!f.bookedAt && !f.bookingClosedAt && d.bookingCloses)
    return { phase: 'booking', deadline: d.bookingCloses, rule: 'R18' };
  if (!f.certificateArrivedAt) return { phase: 'arrival' };
  const mailed = !!f.bookedAt && (f.deliveryFailures ?? 0) < 2;
  if (mailed) {
    if (!f.trackingNo)
      return { phase: 'dispatch', ...(d.dispatchDue ? { deadline: d.dispatchDue } : {}), rule: 'N3' };
    return { phase: 'delivery' };
  }
  // R19: not booked (or delivery failed twice): on site, kept until custody ends (R20)
  return { phase: 'collection', deadline: d.custodyEnds, rule: 'R20' };
}

const reminderKey = (phase: Phase, deadline: string) => `${phase}:${deadline}`;

/** R20: a certificate kept on site: the candidate is also reminded once a year, on the anniversaries of custody's end. */
export const CUSTODY_REMINDER_YEARS = 4;

const yearsBefore = (iso: string, years: number) => {
  const t = new Date(iso);
  t.setUTCFullYear(t.getUTCFullYear() - years);
  return t.toISOString();
};

/**
 * The reminders of a phase's deadline, earliest first, each with its key (phase:deadline, so a moved
 * deadline is reminded again): REMINDER_LEAD_DAYS before it; in collection also once a year before it
 * (R20), from the certificate's arrival on.
 */
export function remindersOf(
  phase: Phase,
  deadline: string | undefined,
  f: Pick<LifecycleFacts, 'certificateArrivedAt'>,
): { key: string; at: string; yearly: boolean }[] {
  const lead = REMINDER_LEAD_DAYS[phase as WaitPhase];
  if (lead === undefined || !deadline) return [];
  const key = reminderKey(phase, deadline);
  const yearly =
    phase !== 'collection'
      ? []
      : Array.from({ length: CUSTODY_REMINDER_YEARS }, (_, i) => CUSTODY_REMINDER_YEARS - i)
          .map((n) => ({ key: `${key}:y${n}`, at: yearsBefore(deadline, n), yearly: true }))
          .filter((r) => r.at > (f.certificateArrivedAt ?? ''));
  return [...yearly, { key, at: minus(deadline, lead), yearly: false }];
}

/** What the state machine does next for this candidate. */
export function planNext(c: Candidate, exam: Exam, d: CandidateDeadlines, now: Date): Plan {
  const f = c.lifecycle ?? initialFacts();
  const p = phaseOf(c, exam, d);
  if (!isWaitPhase(p.phase)) return { ...p, timeoutSeconds: 1 };
  const started = Date.parse(f.executionStartedAt ?? now.toISOString());
  const horizon = started + EXECUTION_HORIZON_DAYS * DAY_MS;
  if (now.getTime() >= horizon) return { phase: 'successor', timeoutSeconds: 1 };
  const remindAt = remindersOf(p.phase, p.deadline, f).find((r) => !f.reminders.includes(r.key))?.at;
  // a deadline already past: wake now if it has a consequence still to apply (e.g. R7 → pending);
  // overdue staff work (an appeal decision, a dispatch) has none and waits on until the horizon
  const deadlineWake = !p.deadline
    ? undefined
    : !isPast(p.deadline, now)
      ? p.deadline
      : onTimeout(c, exam, d, now)
        ? now.toISOString()
        : undefined;
  const wakes = [remindAt, deadlineWake, new Date(horizon).toISOString()]
    .filter((x): x is string => !!x)
    .map((x) => Math.max(Date.parse(x), now.getTime() + 1000));
  const wakeAt = Math.min(...wakes);
  return {
    ...p,
    ...(remindAt ? { remindAt } : {}),
    wakeAt: new Date(wakeAt).toISOString(),
    timeoutSeconds: Math.max(1, Math.ceil((wakeAt - now.getTime()) / 1000)),
  };
}

export interface Outcome {
  candidate: Candidate;
  notices: Notice[];
  /** the audit action recorded with the change */
  action: string;
  /** more for the audit record (e.g. a decision's round and reason code; never personal data) */
  details?: Record<string, unknown>;
  /** the act's reason, recorded with the change (a revocation's reason, R14); shown on the timeline */
  reason?: string;
}

function changed(
  c: Candidate,
  now: Date,
  patch: Partial<Candidate>,
  facts: Partial<LifecycleFacts>,
): Candidate {
  return {
    ...c,
    ...patch,
    lifecycle: { ...(c.lifecycle ?? initialFacts()), ...facts },
    version: c.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** When a callback wait runs out: a reminder, the deadline's legal consequence, or (at the horizon) nothing. */
export function onTimeout(c: Candidate, exam: Exam, d: CandidateDeadlines, now: Date): Outcome | null {
  const f = c.lifecycle ?? initialFacts();
  const p = phaseOf(c, exam, d);
  // Stryker disable next-line ConditionalExpression: without a deadline nothing is past and no phase without one has a reminder lead: null either way
  if (!p.deadline) return null;
  if (isPast(p.deadline, now)) {
    switch (p.phase) {
      case 'verification':
        // R7: not finished by the report deadline → 报考条件待核查
        return {
          candidate: changed(c, now, { status: 'pending' }, {}),
          notices: [],
          action: 'lifecycle.pending',
        };
      case 'supplementary':
        // R12: supplementary is the last of the year; not taking part by its deadline forfeits
        if (f.supplementaryJoinedAt) return null;
        return {
          candidate: changed(c, now, { status: 'forfeited' }, {}),
          notices: [notices.forfeited(p.deadline)],
          action: 'lifecycle.forfeited',
        };
      case 'appeal':
        // R11: the appeal window has closed; the unqualified result stands
        return {
          candidate: changed(c, now, {}, { appealClosedAt: now.toISOString() }),
          notices: [],
          action: 'lifecycle.appealClosed',
        };
      case 'booking':
        // R18 window closed without a booking → on site (R19)
        return {
          candidate: changed(c, now, {}, { bookingClosedAt: now.toISOString() }),
          notices: [notices.bookingClosed()],
          action: 'lifecycle.bookingClosed',
        };
      case 'collection':
        // R20: unclaimed after 5 years from the exam's end → the transfer register, handed to hr
        return {
          candidate: changed(c, now, {}, { transferListedAt: now.toISOString() }),
          notices: [],
          action: 'lifecycle.custody',
        };
      // Stryker disable next-line ConditionalExpression: falling through, appealDecision and dispatch have no reminder lead and return null below
      default:
        return null; // overdue staff work (appeal decision, dispatch): the wait goes on
    }
  }
  const due = remindersOf(p.phase, p.deadline, f).filter(
    (r) => !f.reminders.includes(r.key) && Date.parse(r.at) <= now.getTime(),
  );
  const last = due.at(-1);
  if (!last) return null;
  // the reminders that fell due meanwhile are sent as one: the latest (the one before the end first)
  return {
    candidate: changed(c, now, {}, { reminders: [...f.reminders, ...due.map((r) => r.key)] }),
    notices: [last.yearly ? notices.custodyReminder(p.deadline) : notices.reminder(p.phase, p.deadline)],
    action: `lifecycle.reminder.${p.phase}`,
  };
}

export type LifecycleEvent =
  | { type: 'verified'; outcome: 'qualified' | 'unqualified' }
  | { type: 'resultsAnnounced' }
  | { type: 'supplementaryJoined'; submission?: SupplementarySubmission }
  | { type: 'supplementaryDecided'; outcome: 'qualified' | 'unqualified' }
  | { type: 'supplementaryAnnounced' }
  | { type: 'appealFiled'; appeal?: AppealFiling }
  | { type: 'appealDecided'; outcome: 'upheld' | 'rejected'; note?: string }
  | { type: 'eCertIssued'; certificate?: CertificateRecord }
  | { type: 'booked'; booking?: Booking }
  | { type: 'bookingChanged'; booking: Booking }
  | { type: 'bookingCancelled' }
  | { type: 'bookingLocked' }
  /** N3: a recorded batch holds this candidate's paper certificate; `at` is the batch's arrival */
  | { type: 'certificatesArrived'; certificate: CertificateRecord; at: string; batchId?: string }
  | { type: 'dispatched'; trackingNo: string }
  /** China Post's delivery result; `at` is when it delivered or gave up (default: now) */
  | { type: 'delivered'; at?: string }
  | { type: 'deliveryFailed'; at?: string; reason?: string }
  | { type: 'collected'; collection?: CollectionRecord }
  | { type: 'revoked'; reason: string };

const conflict = (msg: string) => new DomainError('CONFLICT', msg);

/** R12: what a forfeited candidate is told of any verification request (submission, appeal). */
export const FORFEITED_MESSAGE =
  '补充资格核查是本年度最后一次资格核查；您未在截止时间前参加，已视为放弃，不再受理核查申请（R12）。您仍可登录查看本人记录';

/** R12: what a candidate decided in the supplementary round is told of an appeal. */
export const SUPPLEMENTARY_FINAL =
  '补充资格核查是本年度最后一次资格核查，其结论为本年度最终结论，不再受理申辩（R12）';

/** R12: a forfeited candidate's verification request is refused, quoting R12, nothing written. */
export function forfeitedRefusal(): DomainError {
  return new DomainError('CONFLICT', FORFEITED_MESSAGE, { rule: 'R12' });
}

const late = (deadline: string, rule: string, what: string) =>
  new DomainError('DEADLINE_PASSED', `${what}的截止时间为${deadlineText(deadline)}，已过期（${rule}）`, {
    deadline,
    rule,
  });

/** R11, R12: a submission after the exam's earlier cut-off: refused with the cut-off and its reason. */
export const cutoffPassed = (c: NonNullable<CandidateDeadlines['supplementaryCutoff']>) =>
  new DomainError(
    'DEADLINE_PASSED',
    `本场考试补充资格核查材料提交已于${deadlineText(c.endsAt)}提前截止（${c.reason}），已过期（R12）`,
    { deadline: c.endsAt, rule: 'R12', reason: c.reason },
  );

const chinaDay = (iso: string) => {
  const [y, m, dd] = todayInChina(new Date(iso)).split('-');
  return `${y}年${Number(m)}月${Number(dd)}日`;
};

/** R18: after the lock (the manifest export) a booking is neither changed nor cancelled: 409 saying so. */
export const bookingLocked = (lockedAt: string) =>
  new DomainError(
    'CONFLICT',
    `邮寄预约已于${chinaDay(lockedAt)}锁定交寄（已列入中国邮政交寄清单），不能再变更或取消（R18）`,
    { lockedAt, rule: 'R18', locked: true },
  );

/**
 * R18, issue 13: lock a booking for dispatch — what the manifest export does to every booking it lists.
 * Refused when there is no booking or it is locked already.
 */
export function lockBooking(c: Candidate, exam: Exam, d: CandidateDeadlines, now: Date): Outcome {
  return applyEvent(c, exam, d, { type: 'bookingLocked' }, now);
}

/** What an event changes, or why it is refused. */
export function applyEvent(
  c: Candidate,
  exam: Exam,
  d: CandidateDeadlines,
  e: LifecycleEvent,
  now: Date,
): Outcome {
  const f = c.lifecycle ?? initialFacts();
  const at = now.toISOString();
  const p = phaseOf(c, exam, d);
  const ok = (
    patch: Partial<Candidate>,
    facts: Partial<LifecycleFacts>,
    notices: Notice[] = [],
  ): Outcome => ({
    candidate: changed(c, now, patch, facts),
    notices,
    action: `lifecycle.${e.type}`,
  });
  if (c.status === 'revoked') throw conflict('该考生资格已撤销（R14），不能再办理');
  switch (e.type) {
    case 'verified':
      if (c.status !== 'verifying')
        throw conflict(`该考生当前状态为「${statusWords[c.status]}」，不能再作首轮核查结论`);
      // R7: results are due within 15 days; after that the candidate is pending (supplementary)
      if (isPast(d.verificationDue, now)) throw late(d.verificationDue, 'R7', '核查结果报送');
      return ok({ status: e.outcome }, {});
    case 'resultsAnnounced': {
      if (p.phase !== 'results') throw conflict('该考生的核查结果已公告');
      // R9: the announcement informs every passing candidate; each is also notified individually
      return ok(
        {},
        {
          resultNotifiedAt: at,
          ...(c.status === 'qualified' ? { qualifiedAt: exam.resultsAnnouncedAt ?? at } : {}),
        },
        [notices.result(c.status, d.supplementaryDue)],
      );
    }
    case 'supplementaryJoined':
      if (c.status === 'forfeited') throw forfeitedRefusal();
      if (c.status !== 'pending') throw conflict('只有报考条件待核查的考生需要参加补充资格核查');
      if (f.supplementaryJoinedAt) throw conflict('已参加补充资格核查');
      // R9, R10: the candidate is called by the verification result announcement; not before it
      if (!f.resultNotifiedAt) throw conflict('资格核查结果公告发布后，方可参加补充资格核查');
      // R12: no verification request is accepted after the supplementary deadline — or after the
      // exam's earlier cut-off, quoted with its reason
      if (d.supplementaryCutoff && isPast(d.supplementaryCutoff.endsAt, now))
        throw cutoffPassed(d.supplementaryCutoff);
      if (isPast(d.supplementaryDue, now)) throw late(d.supplementaryDue, 'R12', '补充资格核查');
      // R10: the submission (materials chosen, a note) is kept with the record for the verifier
      return ok(e.submission ? { supplementary: { ...e.submission, at } } : {}, {
        supplementaryJoinedAt: at,
      });
    case 'supplementaryDecided':
      if (c.status !== 'pending' || !f.supplementaryJoinedAt) throw conflict('该考生未参加补充资格核查');
      return ok({ status: e.outcome }, { round: 'supplementary' });
    case 'supplementaryAnnounced':
      if (p.phase !== 'supplementaryResults') throw conflict('该考生不在补充核查结果公告范围内');
      // R13: supplementary results announced; the qualified may now book (R18)
      return ok(
        {},
        {
          supplementaryNotifiedAt: at,
          ...(c.status === 'qualified' ? { qualifiedAt: exam.supplementaryAnnouncedAt ?? at } : {}),
        },
        [notices.supplementaryResult(c.status)],
      );
    case 'appealFiled':
      if (c.status === 'forfeited') throw forfeitedRefusal();
      // R12: the supplementary round's result is final for the year
      if (f.round === 'supplementary') throw conflict(SUPPLEMENTARY_FINAL);
      if (f.appealFiledAt) throw conflict('已提出申辩，每位考生只能申辩一次（R11）');
      // Stryker disable next-line ConditionalExpression: phaseOf gives the phase appeal only to unqualified candidates, so the status test alone never decides
      if (c.status !== 'unqualified' || p.phase !== 'appeal')
        throw conflict('只有核查不合格且未申辩的考生可以申辩');
      // R11: appeals within two months after score release
      if (isPast(d.supplementaryDue, now)) throw late(d.supplementaryDue, 'R11', '申辩');
      // R11: the statement and materials are kept with the record for the verifier
      return ok(e.appeal ? { appeal: { ...e.appeal, at } } : {}, { appealFiledAt: at });
    case 'appealDecided':
      if (p.phase !== 'appealDecision') throw conflict('该考生没有待处理的申辩');
      // R18: an upheld appeal makes the candidate qualified now: the booking window counts from this decision
      if (e.outcome === 'upheld') {
        return ok({ status: 'qualified' }, { appealDecision: 'upheld', round: 'appeal', qualifiedAt: at }, [
          notices.appealUpheld(e.note),
        ]);
      }
      return ok({}, { appealDecision: 'rejected' }, [notices.appealRejected(e.note)]);
    case 'eCertIssued':
      if (p.phase !== 'electronic') throw conflict('该考生不需要签发电子证书');
      // R17: hr issues the electronic certificate; R21: no paper reissue afterwards
      // (phaseOf gives `electronic` only to the qualified; one certificate per candidate and exam)
      if (c.certificate) throw conflict('该考生不需要签发电子证书');
      return ok(e.certificate ? { certificate: e.certificate } : {}, { eCertIssuedAt: at }, [
        notices.eCert(),
      ]);
    case 'booked':
      if (c.status !== 'qualified') throw conflict('只有核查合格的考生可以预约邮寄');
      if (examType(exam.examType)?.organizer === 'provincialJoint')
        throw conflict('该考试颁发电子证书，不发放纸质证书（R17、R21）');
      if (f.bookedAt) throw conflict('已预约邮寄');
      if (f.bookingClosedAt || !d.bookingCloses) {
        if (d.bookingCloses) throw late(d.bookingCloses, 'R18', '证书邮寄预约');
        throw conflict('核查结果公告发布后方可预约邮寄（R18）');
      }
      if (isPast(d.bookingCloses, now)) throw late(d.bookingCloses, 'R18', '证书邮寄预约');
      // R18: the booking (address, reference) is kept with the record; an SMS confirms it
      return ok(e.booking ? { booking: e.booking } : {}, { bookedAt: at }, [
        notices.booked(e.booking?.reference, d.bookingCloses),
      ]);
    case 'bookingChanged':
    case 'bookingCancelled': {
      const what = e.type === 'bookingChanged' ? '变更' : '取消';
      if (!f.bookedAt || f.trackingNo) throw conflict(`没有可${what}的邮寄预约（已寄出的不能${what}）`);
      // R18: once locked for dispatch (the manifest export) the booking stands
      if (c.booking?.lockedAt) throw bookingLocked(c.booking.lockedAt);
      if (d.bookingCloses && isPast(d.bookingCloses, now))
        throw late(d.bookingCloses, 'R18', '变更或取消预约');
      if (e.type === 'bookingChanged')
        return ok({ booking: e.booking }, {}, [notices.bookingChanged(e.booking.reference)]);
      return ok({ booking: undefined }, { bookedAt: undefined }, [
        notices.bookingCancelled(d.bookingCloses ?? undefined),
      ]);
    }
    case 'bookingLocked':
      // issue 13: the manifest export locks the booking for dispatch; nothing changes it afterwards
      if (!c.booking || !f.bookedAt) throw conflict('没有可锁定的邮寄预约');
      if (c.booking.lockedAt) throw bookingLocked(c.booking.lockedAt);
      return ok({ booking: { ...c.booking, lockedAt: at } }, {});
    case 'certificatesArrived':
      // N3: a paper certificate arrives for a qualified candidate once; it may come while booking is open
      if (c.status !== 'qualified' || c.certificate || f.certificateArrivedAt)
        throw conflict('该考生不在等待证书到达');
      if (p.phase !== 'arrival' && p.phase !== 'booking') throw conflict('该考生不在等待证书到达');
      return ok(
        { certificate: e.certificate },
        { certificateArrivedAt: e.at },
        // on site (R19): told once the booking window is behind them
        p.phase === 'arrival' && !f.bookedAt ? [notices.collectOnSite(d.custodyEnds)] : [],
      );
    case 'dispatched':
      // a first delivery that failed put the booking back here (second attempt)
      if (p.phase !== 'dispatch') throw conflict('该考生没有待寄出的证书');
      return ok({}, { trackingNo: e.trackingNo }, [notices.dispatched(e.trackingNo)]);
    case 'delivered':
      if (p.phase !== 'delivery') throw conflict('该考生没有在途的证书');
      return ok({}, { deliveredAt: e.at ?? at });
    case 'deliveryFailed': {
      if (p.phase !== 'delivery') throw conflict('该考生没有在途的证书');
      const n = (f.deliveryFailures ?? 0) + 1;
      const failed = { deliveryFailures: n, deliveryFailedAt: e.at ?? at };
      // failed twice → on site (R19), told by SMS
      if (n >= 2) return ok({}, failed, [notices.deliveryFailed()]);
      // a first failure: a second attempt — the booking returns to the next manifest, the candidate is told
      return ok({}, { ...failed, trackingNo: undefined }, [notices.deliveryRetry(e.reason)]);
    }
    case 'collected':
      if (p.phase !== 'collection') throw conflict('该考生没有待现场领取的证书');
      // R20: collectable until custody ends; then the certificate is on the transfer register
      if (isPast(d.custodyEnds, now)) throw late(d.custodyEnds, 'R20', '现场领取');
      // R19: who collected it (the candidate, ID checked, or a proxy with the letter) is kept on the record
      return ok(e.collection ? { collection: e.collection } : {}, { collectedAt: at }, [
        notices.collected(e.collection?.by === 'proxy'),
      ]);
    case 'revoked':
      // R14: registration void, scores void, certificate void — at any time; recorded with its reason
      // R14: the certificate reads `revoked` from the day the decision takes effect
      return {
        ...ok(
          {
            status: 'revoked',
            ...(c.certificate ? { certificate: revokeCertificate(c.certificate, todayInChina(now)) } : {}),
          },
          { revokedAt: at },
        ),
        reason: e.reason,
      };
  }
}
