/**
 * Carrying out the lifecycle decisions of functions/domain/lifecycle.ts: load a candidate with their
 * exam and deadlines, save a change with its audit record and outbox messages in one transaction, and
 * wake the candidate's waiting execution with its next plan.
 */
import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, WAIT_SHARDS } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import { notFound } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import {
  applyEvent,
  type CandidateDeadlines,
  candidateDeadlines,
  examEventFor,
  initialFacts,
  type LifecycleEvent,
  type Outcome,
  type Phase,
  type Plan,
  planNext,
} from '../domain/lifecycle.js';
import { smsMessage } from '../domain/outbox.js';
import { loadCalendar } from './calendar.js';
import { getExam } from './catalog.js';
import { now } from './clock.js';
import { ddb, type TxItem, tableName, writeWithAudit } from './db.js';
import { newId } from './ids.js';
import { logger } from './logger.js';
import { outboxPut } from './outbox.js';
import { isStaleToken, isThrottle, workflow } from './workflow-client.js';

/** A candidate as stored: the record plus the task token of the wait it is in, if any. */
export type StoredCandidate = Candidate & { taskToken?: string; waitingPhase?: Phase; wakeAt?: string };

export interface LoadedCandidate {
  candidate: StoredCandidate;
  exam: Exam;
  deadlines: CandidateDeadlines;
}

export async function loadCandidate(examId: string, personId: string): Promise<LoadedCandidate> {
  const [r, exam, cal] = await Promise.all([
    ddb.send(
      new GetCommand({
        TableName: tableName('candidates'),
        Key: keys.candidate(personId, examId),
        ConsistentRead: true,
      }),
    ),
    getExam(examId),
    loadCalendar(),
  ]);
  const stored = r.Item as StoredCandidate | undefined;
  if (!stored || !exam) throw notFound('考生记录');
  const candidate = { ...stored, lifecycle: stored.lifecycle ?? initialFacts() };
  return { candidate, exam, deadlines: candidateDeadlines(cal, exam, candidate) };
}

const shardOf = (personId: string) =>
  (createHash('sha1').update(personId).digest()[0] as number) % WAIT_SHARDS;

/** The full item for a candidate, with its index keys (and the waiting index only while it waits). */
export function candidateRecord(c: StoredCandidate): Record<string, unknown> {
  // key attributes are derived here, never carried over from a record read earlier
  const {
    taskToken,
    waitingPhase,
    wakeAt,
    pk: _a,
    sk: _b,
    gsi1pk: _c,
    gsi1sk: _d,
    gsi2pk: _e,
    gsi2sk: _f,
    ...rest
  } = c as StoredCandidate & Record<'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk', unknown>;
  return {
    ...rest,
    ...keys.candidate(c.personId, c.examId),
    ...keys.candidateQueue(c.examId, c.city, c.status, c.personId),
    ...(taskToken && waitingPhase
      ? {
          taskToken,
          waitingPhase,
          ...(wakeAt ? { wakeAt } : {}),
          ...keys.candidateWaiting(c.examId, waitingPhase, shardOf(c.personId), c.personId),
        }
      : {}),
  };
}

/** Replace the candidate record if nobody changed it since it was read (its version). */
export function candidatePut(next: StoredCandidate, prevVersion: number): TxItem {
  return {
    Put: {
      TableName: tableName('candidates'),
      Item: candidateRecord(next),
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': prevVersion },
    },
  };
}

/** Save an outcome: the record, its audit record and the candidate's messages, all or nothing. */
export async function saveOutcome(
  prev: StoredCandidate,
  outcome: Outcome,
  actor: string,
  keepToken = false,
): Promise<StoredCandidate> {
  const at = now();
  const next: StoredCandidate = keepToken
    ? {
        ...outcome.candidate,
        ...(prev.taskToken
          ? { taskToken: prev.taskToken, waitingPhase: prev.waitingPhase, wakeAt: prev.wakeAt }
          : {}),
      }
    : { ...outcome.candidate, taskToken: undefined, waitingPhase: undefined, wakeAt: undefined };
  const messages = outcome.notices.map((n) =>
    outboxPut(smsMessage(newId(at), prev.phone, n, at, prev.personId)),
  );
  await writeWithAudit([candidatePut(next, prev.version), ...messages], {
    subject: keys.auditSubjectCandidate(prev.examId, prev.personId),
    action: outcome.action,
    actor,
    details: { from: prev.status, to: next.status, phase: prev.waitingPhase ?? null },
  });
  return next;
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
 * Record an event for a candidate (a verifier's decision, a booking, an announcement reaching them, …):
 * the domain decides, the change is saved with its audit record, and a waiting execution is woken.
 */
export async function recordEvent(
  examId: string,
  personId: string,
  event: LifecycleEvent,
  actor: string,
): Promise<{ candidate: StoredCandidate; plan: Plan }> {
  const { candidate, exam, deadlines } = await loadCandidate(examId, personId);
  const t = now();
  const outcome = applyEvent(candidate, exam, deadlines, event, t);
  const saved = await saveOutcome(candidate, outcome, actor);
  const plan = await planFor(exam, saved);
  if (candidate.taskToken) await wake(candidate.taskToken, plan);
  if (event.type === 'revoked') {
    // R14: revocation stops the lifecycle
    const name = executionName(examId, personId, saved.lifecycle?.generation ?? 1);
    await workflow()
      .stopExecution(workflow().executionArn(name), 'Revoked', 'R14')
      .catch((e: Error) => logger.warn('stop after revocation', { error: e.message }));
  }
  return { candidate: saved, plan };
}

/** The candidate's next plan on the current calendar, as of now. */
export async function planFor(exam: Exam, c: StoredCandidate): Promise<Plan> {
  const cal = await loadCalendar();
  return planNext(c, exam, candidateDeadlines(cal, exam, c), now());
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
  );
}

/**
 * Bring a candidate up to date with the exam-wide events that have happened (announcements published,
 * certificates arrived) and wake their execution if it waits for one. Idempotent, so a broadcast that
 * is interrupted or throttled can simply run again: an event is applied once, a wake repeats harmlessly.
 */
export async function catchUp(examId: string, personId: string, actor: string): Promise<Plan> {
  const l = await loadCandidate(examId, personId);
  const c = await applyMissedExamEvent(l, actor, true);
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
    await ddb
      .send(new TransactWriteCommand({ TransactItems: [candidatePut(cleared, c.version)] }))
      .catch((e: Error) => {
        // changed meanwhile (the woken execution already stored its next token): nothing to clear
        if (e.name !== 'TransactionCanceledException') throw e;
      });
  }
  return plan;
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
