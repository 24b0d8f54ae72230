/**
 * The acts of the lifecycle state machine (its Lambda tasks, functions/handlers/lifecycle.ts), the act
 * that records a per-candidate event (a decision, an appeal, a booking, …) and the acts over a whole
 * exam as jobs: start every lifecycle, let every waiting lifecycle re-plan (functions/acts/jobs.ts).
 * The Timeout and IssueElectronic tasks, which remove a forfeited candidate's uploads and sign a
 * certificate, are ./lifecycle-tasks.ts: the routes that record events or start jobs from here carry
 * neither the S3 client nor the signing key's store.
 */
import { keys } from '../data/tables.js';
import { ConflictError } from '../domain/errors.js';
import type { JobSpec } from '../domain/jobs.js';

/** A job to start: the store counts its sources. */
type ScopedJob = Omit<JobSpec, 'sourceCount'>;

import {
  applyEvent,
  type CandidateDeadlines,
  initialFacts,
  type LifecycleEvent,
  type Phase,
  type Plan,
  takeOver,
  waitPhases,
} from '../domain/lifecycle.js';
import { candidatePut, type StoredCandidate } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { transact } from '../lib/db.js';
import { logger } from '../lib/logger.js';
import { workflow } from '../lib/workflow-client.js';
import {
  applyMissedExamEvent,
  commitOutcome,
  executionName,
  type LoadedCandidate,
  loadCandidate,
  planFor,
  wake,
  withQueueFacts,
} from './candidate-change.js';

/** The actor the lifecycle's own steps record. */
export const SYSTEM = 'system:lifecycle';

/**
 * Load: the first step of every execution. The execution takes the lifecycle over (its generation, and
 * since when, for the one-year limit), then plans from what DynamoDB holds — so an execution started
 * mid-way resumes at the candidate's phase.
 */
export async function beginExecution(examId: string, personId: string, generation: number): Promise<Plan> {
  const l = await loadCandidate(examId, personId);
  const c = l.candidate;
  const facts = takeOver(c.lifecycle ?? initialFacts(), generation, now());
  if (!facts) return planFor(l.exam, c);
  const current: StoredCandidate = {
    ...c,
    lifecycle: facts,
    version: c.version + 1,
    updatedAt: now().toISOString(),
  };
  await transact([candidatePut(current, c.version)], {
    audit: {
      subject: keys.auditSubjectCandidate(examId, personId),
      action: 'lifecycle.executionStarted',
      actor: SYSTEM,
      details: { generation },
    },
  });
  return planFor(l.exam, current);
}

/**
 * Await (callback): store the task token on the candidate so the event that ends the wait can wake it.
 * If the awaited thing already happened — an exam-wide announcement published before this execution got
 * here, or a decision recorded meanwhile — it is applied and the execution is woken at once.
 */
export async function awaitEvent(
  examId: string,
  personId: string,
  token: string,
  phase: Phase,
): Promise<{ woken: boolean }> {
  const l = await loadCandidate(examId, personId);
  const c = await applyMissedExamEvent(l, SYSTEM, false);
  const plan = await planFor(l.exam, c);
  if (plan.phase !== phase) {
    await wake(token, plan);
    return { woken: true };
  }
  const waiting: StoredCandidate = {
    ...c,
    taskToken: token,
    waitingPhase: phase,
    ...(plan.wakeAt ? { wakeAt: plan.wakeAt } : {}),
    version: c.version + 1,
  };
  // changed between read and write: ConflictError, and the state machine retries from the new record
  await transact([candidatePut(waiting, c.version)], {
    conflict: 'candidate changed while storing the task token',
  });
  return { woken: false };
}

/** DeadLetter: a task failed after its retries — recorded on the candidate's audit trail. */
export async function recordFailure(
  examId: string,
  personId: string,
  error: { Error?: string | undefined; Cause?: string | undefined },
): Promise<{ recorded: true }> {
  logger.error('lifecycle task failed after retries', {
    examId,
    personId,
    error: error.Error,
    cause: error.Cause?.slice(0, 500),
  });
  await transact([], {
    audit: {
      subject: keys.auditSubjectCandidate(examId, personId),
      action: 'lifecycle.failed',
      actor: SYSTEM,
      details: { error: error.Error ?? 'unknown', cause: (error.Cause ?? '').slice(0, 1000) },
    },
  });
  return { recorded: true };
}

/** Tries of an event whose record changed between read and write (its execution storing a task token). */
const EVENT_ATTEMPTS = 3;

/**
 * Record an event for a candidate (a verifier's decision, a booking, an announcement reaching them, …):
 * the domain decides, the change is saved with its audit record, and a waiting execution is woken. A
 * write that lost a race is decided again on the record as it now is (the same event sent twice is
 * then refused by the domain, as the second one always was).
 */
export async function recordEvent(
  examId: string,
  personId: string,
  event: LifecycleEvent,
  actor: string,
): Promise<{ candidate: StoredCandidate; plan: Plan; deadlines: CandidateDeadlines }> {
  for (let attempt = 1; ; attempt++) {
    const l = await loadCandidate(examId, personId);
    const outcome = applyEvent(l.candidate, l.exam, l.deadlines, event, now());
    try {
      const { candidate: saved, plan } = await commitOutcome(l, outcome, actor);
      if (event.type === 'revoked') await stopRevoked(saved);
      return { candidate: saved, plan, deadlines: l.deadlines };
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= EVENT_ATTEMPTS) throw e;
    }
  }
}

/** R14: revocation stops the lifecycle (its current execution). */
export async function stopRevoked(saved: StoredCandidate): Promise<void> {
  const name = executionName(saved.examId, saved.personId, saved.lifecycle?.generation ?? 1);
  await workflow()
    .stopExecution(workflow().executionArn(name), 'Revoked', 'R14')
    .catch((e: Error) => logger.warn('stop after revocation', { error: e.message }));
}

/**
 * The work queue orders candidates by the next deadline stored with the record: when the deadlines
 * moved without the record changing (hr loaded a year's holidays, T3, or the exam's schedule changed;
 * the re-plan job calls catchUp for every waiting candidate), the record is written again with them.
 */
async function refreshQueueFacts(l: LoadedCandidate, c: StoredCandidate): Promise<StoredCandidate> {
  const fresh = await withQueueFacts(c, l.exam);
  if (fresh.queue?.phase === c.queue?.phase && fresh.queue?.due === c.queue?.due) return c;
  const next: StoredCandidate = { ...fresh, version: c.version + 1 };
  try {
    await transact([candidatePut(next, c.version)]);
    return next;
  } catch (e) {
    // changed meanwhile: that write carried its own facts
    if (!(e instanceof ConflictError)) throw e;
    return c;
  }
}

/**
 * Bring a candidate up to date with the exam-wide events that have happened (announcements published,
 * certificates arrived) and wake their execution if it waits for one. Idempotent, so a broadcast that
 * is interrupted or throttled can simply run again: an event is applied once, a wake repeats harmlessly.
 */
export async function catchUp(examId: string, personId: string, actor: string): Promise<Plan> {
  const l = await loadCandidate(examId, personId);
  const c = await refreshQueueFacts(l, await applyMissedExamEvent(l, actor, true));
  const plan = await planFor(l.exam, c);
  // wake when the candidate has moved on, or when its next wake-up moved earlier (a deadline recomputed, T3)
  const earlier = !!(plan.wakeAt && c.wakeAt && Date.parse(plan.wakeAt) < Date.parse(c.wakeAt));
  if (c.taskToken && (plan.phase !== c.waitingPhase || earlier)) {
    await wake(c.taskToken, plan);
    const cleared: StoredCandidate = {
      ...c,
      taskToken: undefined,
      waitingPhase: undefined,
      wakeAt: undefined,
      version: c.version + 1,
    };
    await transact([candidatePut(cleared, c.version)]).catch((e: unknown) => {
      // changed meanwhile (the woken execution already stored its next token): nothing to clear
      if (!(e instanceof ConflictError)) throw e;
    });
  }
  return plan;
}

/**
 * The job that lets every waiting lifecycle of these exams re-plan from the current calendar and record
 * (after hr loads a year's holidays, T3, or an exam's schedule changes): executions whose next wake-up
 * moved earlier are woken; the rest wake as planned and re-plan then.
 */
export function replanJob(examIds: readonly string[], actor: string, cause: string): ScopedJob {
  const one = examIds.length === 1 ? examIds[0] : undefined;
  return {
    kind: one ? 'examReplan' : 'calendarReplan',
    action: 'catchUp',
    cause,
    actor,
    examId: one,
    scope: { examIds: [...examIds], waiting: [...waitPhases] },
  };
}

/**
 * The job that starts (or resumes) the lifecycle of every candidate of an exam, with the generation
 * its record names; names are deterministic, so a lifecycle already running is not started twice.
 */
export function lifecycleStartJob(examId: string, actor: string): ScopedJob {
  return {
    kind: 'startLifecycles',
    action: 'startLifecycle',
    cause: 'lifecycle.start',
    actor,
    examId,
    scope: { examIds: [examId] },
  };
}
