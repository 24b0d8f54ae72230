/**
 * How every act on one candidate is written: load the candidate with its exam and deadlines → the
 * domain decides (functions/domain/lifecycle.ts) → the change, its audit record and the candidate's
 * messages in one transaction → wake the candidate's waiting execution with its next plan.
 */
import { keys } from '../data/tables.js';
import { notFound } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import {
  applyEvent,
  type CandidateDeadlines,
  candidateDeadlines,
  examEventFor,
  initialFacts,
  type Outcome,
  type Plan,
  planNext,
} from '../domain/lifecycle.js';
import { smsMessage } from '../domain/outbox.js';
import { counterDeltas, queueFacts } from '../domain/queue.js';
import { loadCalendar } from '../lib/calendar.js';
import { candidatePut, counterUpdates, readCandidate, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { certificateLookupRevoke } from '../lib/certificates.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { newId } from '../lib/ids.js';
import { logger } from '../lib/logger.js';
import { isStaleToken, isThrottle, workflow } from '../lib/workflow-client.js';

export type { StoredCandidate } from '../lib/candidates.js';

export interface LoadedCandidate {
  candidate: StoredCandidate;
  exam: Exam;
  deadlines: CandidateDeadlines;
}

export async function loadCandidate(examId: string, personId: string): Promise<LoadedCandidate> {
  const [stored, exam, cal] = await Promise.all([
    readCandidate(examId, personId),
    getExam(examId),
    loadCalendar(),
  ]);
  if (!stored || !exam) throw notFound('考生记录');
  const candidate = { ...stored, lifecycle: stored.lifecycle ?? initialFacts() };
  return { candidate, exam, deadlines: candidateDeadlines(cal, exam, candidate) };
}

/** The work queue's facts of a record about to be written (its phase and next deadline, T3/T4). */
export async function withQueueFacts(c: StoredCandidate, exam?: Exam): Promise<StoredCandidate> {
  const [e, cal] = await Promise.all([exam ?? getExam(c.examId), loadCalendar()]);
  if (!e) return c;
  return { ...c, queue: queueFacts(c, e, candidateDeadlines(cal, e, c)) };
}

/**
 * Save an outcome: the record (with its queue facts), its audit record, the candidate's messages, the
 * exam's status counters (the work queue's counts) and the act's own items (`extra`), all or nothing.
 */
export async function saveOutcome(
  prev: StoredCandidate,
  outcome: Outcome,
  actor: string,
  keepToken = false,
  exam?: Exam,
  extra: TxItem[] = [],
): Promise<StoredCandidate> {
  const at = now();
  const decided: StoredCandidate = keepToken
    ? {
        ...outcome.candidate,
        ...(prev.taskToken
          ? { taskToken: prev.taskToken, waitingPhase: prev.waitingPhase, wakeAt: prev.wakeAt }
          : {}),
      }
    : { ...outcome.candidate, taskToken: undefined, waitingPhase: undefined, wakeAt: undefined };
  const next = await withQueueFacts(decided, exam);
  const counters = counterUpdates(prev.examId, counterDeltas(prev, next), prev.personId);
  // R14: a certificate revoked on the record is revoked in its lookup item too (the public check), together
  const revokedCert =
    prev.certificate?.status === 'valid' &&
    next.certificate?.status === 'revoked' &&
    next.certificate.revokedAt
      ? [certificateLookupRevoke(next.certificate.number, next.certificate.revokedAt)]
      : [];
  await transact([candidatePut(next, prev.version), ...counters, ...revokedCert, ...extra], {
    audit: {
      subject: keys.auditSubjectCandidate(prev.examId, prev.personId),
      action: outcome.action,
      actor,
      details: {
        from: prev.status,
        to: next.status,
        phase: prev.waitingPhase ?? null,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        ...outcome.details,
      },
    },
    messages: outcome.notices.map((n) => smsMessage(newId(at), prev.phone, n, at, prev.personId)),
  });
  return next;
}

/**
 * Save an outcome the domain decided on a loaded candidate (with its audit record and messages, in one
 * transaction), then wake the execution waiting on the candidate with its next plan.
 */
export async function commitOutcome(
  l: LoadedCandidate,
  outcome: Outcome,
  actor: string,
  extra: TxItem[] = [],
): Promise<{ candidate: StoredCandidate; plan: Plan }> {
  const saved = await saveOutcome(l.candidate, outcome, actor, false, l.exam, extra);
  const plan = await planFor(l.exam, saved);
  if (l.candidate.taskToken) await wake(l.candidate.taskToken, plan);
  return { candidate: saved, plan };
}

/** The candidate's next plan on the current calendar, as of now. */
export async function planFor(exam: Exam, c: StoredCandidate): Promise<Plan> {
  const cal = await loadCalendar();
  return planNext(c, exam, candidateDeadlines(cal, exam, c), now());
}

/** Wake the execution waiting on `token` with the candidate's next plan (throttles retried briefly). */
export async function wake(token: string, plan: Plan): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await workflow().sendTaskSuccess(token, plan);
      return;
    } catch (e) {
      // a token that timed out meanwhile: the execution's timeout step re-plans from the record
      if (isStaleToken(e)) {
        logger.info('task token no longer waiting', { phase: plan.phase });
        return;
      }
      if (!isThrottle(e) || attempt >= 3) throw e;
      await new Promise((ok) => setTimeout(ok, 50 * 2 ** attempt));
    }
  }
}

/**
 * An exam-wide event (announcement, certificates arrived) that happened before the candidate reached the
 * phase waiting for it is applied now, with its audit record and message. Returns the current record.
 */
export async function applyMissedExamEvent(
  l: LoadedCandidate,
  actor: string,
  keepToken: boolean,
): Promise<StoredCandidate> {
  const event = examEventFor(l.candidate, l.exam, l.deadlines);
  if (!event) return l.candidate;
  return saveOutcome(
    l.candidate,
    applyEvent(l.candidate, l.exam, l.deadlines, event, now()),
    actor,
    keepToken,
    l.exam,
  );
}

/** Deterministic execution names: starting twice does not make two executions. */
export const executionName = (examId: string, personId: string, generation: number) =>
  `${examId}-${personId}-g${generation}`;

export interface LifecycleInput {
  examId: string;
  personId: string;
  generation: number;
}

/** Start a candidate's lifecycle (after import, or to resume one whose execution is gone). */
export async function startLifecycle(examId: string, personId: string, generation = 1) {
  const input: LifecycleInput = { examId, personId, generation };
  return workflow().startExecution(executionName(examId, personId, generation), input);
}
