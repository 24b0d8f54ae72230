/**
 * The lifecycle state machine's Lambda tasks (infra/constructs/lifecycle.ts). Each is a thin adapter:
 * the decisions are functions/domain/lifecycle.ts; the saving and waking is functions/lib/lifecycle.ts.
 * Inputs are checked with zod like every other handler's.
 */

import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import * as z from 'zod';
import { keys } from '../data/tables.js';
import { DomainError } from '../domain/errors.js';
import { applyEvent, initialFacts, onTimeout, phases } from '../domain/lifecycle.js';
import { now } from '../lib/clock.js';
import { ddb, writeWithAudit } from '../lib/db.js';
import { parseOrThrow } from '../lib/http.js';
import {
  applyMissedExamEvent,
  candidatePut,
  loadCandidate,
  planFor,
  type StoredCandidate,
  saveOutcome,
  wake,
} from '../lib/lifecycle.js';
import { logger } from '../lib/logger.js';

const ref = z.object({
  examId: z.string().min(1),
  personId: z.string().regex(/^[a-z2-9]{20}$/),
});
const loadInput = ref.extend({ generation: z.number().int().min(1) });
const awaitInput = ref.extend({ token: z.string().min(1), phase: z.enum(phases) });

const task = <T, R>(schema: z.ZodType<T>, fn: (input: T) => Promise<R>) =>
  middy(async (event: unknown) => fn(parseOrThrow(schema, event, 'input')));

const SYSTEM = 'system:lifecycle';

/**
 * Load: the first step of every execution. Records which execution generation carries the lifecycle
 * (and since when, for the one-year limit), then plans from what DynamoDB holds — so an execution
 * started mid-way resumes at the candidate's phase.
 */
export const load = task(loadInput, async ({ examId, personId, generation }) => {
  const l = await loadCandidate(examId, personId);
  const c = l.candidate;
  const f = c.lifecycle ?? initialFacts();
  let current = c;
  if (f.generation !== generation || !f.executionStartedAt) {
    if (generation < f.generation)
      throw new DomainError('CONFLICT', `a later execution (g${f.generation}) carries this lifecycle`);
    current = {
      ...c,
      lifecycle: { ...f, generation, executionStartedAt: now().toISOString() },
      version: c.version + 1,
      updatedAt: now().toISOString(),
    };
    await writeWithAudit([candidatePut(current, c.version)], {
      subject: keys.auditSubjectCandidate(examId, personId),
      action: 'lifecycle.executionStarted',
      actor: SYSTEM,
      details: { generation },
    });
  }
  return planFor(l.exam, current);
});

/**
 * Await (callback): store the task token on the candidate so the event that ends the wait can wake it.
 * If the awaited thing already happened — an exam-wide announcement published before this execution got
 * here, or a decision recorded meanwhile — it is applied and the execution is woken at once.
 */
export const awaitEvent = task(awaitInput, async ({ examId, personId, token, phase }) => {
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
  try {
    await ddb.send(new TransactWriteCommand({ TransactItems: [candidatePut(waiting, c.version)] }));
  } catch (e) {
    if ((e as Error).name !== 'TransactionCanceledException') throw e;
    // changed between read and write: plan again from the new record (the state machine retries)
    throw new DomainError('CONFLICT', 'candidate changed while storing the task token');
  }
  return { woken: false };
});

/** Timeout: a wait ran out — send the reminder or apply the deadline's consequence, then plan. */
export const timeout = task(ref, async ({ examId, personId }) => {
  const l = await loadCandidate(examId, personId);
  const outcome = onTimeout(l.candidate, l.exam, l.deadlines, now());
  const c = outcome ? await saveOutcome(l.candidate, outcome, SYSTEM) : l.candidate;
  return planFor(l.exam, c);
});

/** R17: hr issues the electronic certificate (the certificate document itself comes with its issue). */
export const issueElectronic = task(ref, async ({ examId, personId }) => {
  const l = await loadCandidate(examId, personId);
  const c = await saveOutcome(
    l.candidate,
    applyEvent(l.candidate, l.exam, l.deadlines, { type: 'eCertIssued' }, now()),
    'system:hr',
  );
  return planFor(l.exam, c);
});

const deadLetterInput = ref.extend({
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
});

/**
 * DeadLetter: a task failed after its retries. The failure is recorded on the candidate's audit trail
 * and logged as an error; on AWS every invocation of this function raises the lifecycle alarm.
 */
export const deadLetter = task(deadLetterInput, async ({ examId, personId, error }) => {
  logger.error('lifecycle task failed after retries', {
    examId,
    personId,
    error: error.Error,
    cause: error.Cause?.slice(0, 500),
  });
  await writeWithAudit([], {
    subject: keys.auditSubjectCandidate(examId, personId),
    action: 'lifecycle.failed',
    actor: SYSTEM,
    details: { error: error.Error ?? 'unknown', cause: (error.Cause ?? '').slice(0, 1000) },
  });
  return { recorded: true };
});
