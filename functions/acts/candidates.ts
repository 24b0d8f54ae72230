/**
 * Reading candidates: an exam's work queue, one city partition at a time (A3), paged on the server with
 * a signed cursor; one candidate, for the candidate themself or staff in scope (R1, R24). Each reader
 * sees the view the domain gives it (N4: full ID numbers only for staff in scope, never in lists).
 */
import * as z from 'zod';
import { type CandidateStatus, candidateStatuses } from '../domain/candidate.js';
import { decisionView } from '../domain/decisions.js';
import { mayReadCandidate, queueCities, seesExamType } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { candidateDeadlines } from '../domain/lifecycle.js';
import { henanCities } from '../domain/regions.js';
import { lifecycleView, publicCandidateView, staffCandidateView } from '../domain/views.js';
import { loadCalendar } from '../lib/calendar.js';
import { queuePage, readCandidate, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { readCursor, signCursor } from '../lib/cursor.js';
import type { Actor, StaffActor } from './actor.js';

export interface QueueQuery {
  city?: string | undefined;
  status?: CandidateStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A queue position: the index of the city being walked, and where in it the last page ended. */
const positionSchema = z
  .object({
    c: z.number().int().min(0).max(100),
    s: z.enum(candidateStatuses).optional(),
    p: z
      .string()
      .regex(/^[a-z2-9]{20}$/)
      .optional(),
  })
  .strict()
  .refine((v) => (v.s === undefined) === (v.p === undefined));
type Position = z.infer<typeof positionSchema>;

export async function workQueue(actor: StaffActor, examId: string, q: QueueQuery) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  const cities = queueCities(actor.dept, q.city, [...henanCities.keys()]);
  const context = `${exam.id}|${cities.join(',')}|${q.status ?? ''}`;
  const pos: Position = q.cursor ? readCursor(context, q.cursor, positionSchema) : { c: 0 };
  const items: StoredCandidate[] = [];
  let c = pos.c;
  let after = pos.s && pos.p ? { status: pos.s, personId: pos.p } : undefined;
  while (c < cities.length && items.length < q.limit) {
    const page = await queuePage(exam.id, cities[c] as string, q.status, q.limit - items.length, after);
    items.push(...page.items);
    after = page.last ?? undefined;
    if (!page.last) c += 1;
  }
  const nextCursor =
    c < cities.length
      ? signCursor(context, { c, ...(after ? { s: after.status, p: after.personId } : {}) })
      : null;
  const cal = await loadCalendar();
  return {
    items: items.map((i) => ({
      ...publicCandidateView(i),
      ...lifecycleView(i, exam, candidateDeadlines(cal, exam, i)),
      // R6: objections raised during the notice (the queue's 异议 N badge)
      objectionCount: i.objectionCount ?? 0,
    })),
    nextCursor,
  };
}

/** R1: a reader that can only ever see someone else's record is refused before anything is loaded. */
function refuseOthers(actor: Actor, personId: string): asserts actor is Exclude<Actor, { kind: 'system' }> {
  if (actor.kind === 'system') throw notFound('考生记录');
  // the candidate themself: nothing to load before the own-record check
  if (actor.kind === 'candidate' && actor.personId !== personId) throw notFound('考生记录');
}

/**
 * R1, R24: the candidate record for the candidate themself or staff in scope; anyone else is told it
 * does not exist (404), so existence does not leak.
 */
export async function candidateInScope(actor: Actor, examId: string, personId: string) {
  refuseOthers(actor, personId);
  const cand = await readCandidate(examId, personId);
  if (!cand || !mayReadCandidate(actor, cand)) throw notFound('考生记录');
  return cand;
}

export async function candidateDetail(actor: Actor, examId: string, personId: string) {
  refuseOthers(actor, personId);
  const [cand, exam, cal] = await Promise.all([
    readCandidate(examId, personId),
    getExam(examId),
    loadCalendar(),
  ]);
  if (!cand || !exam) throw notFound('考生记录');
  if (!mayReadCandidate(actor, cand)) throw notFound('考生记录');
  const lifecycle = lifecycleView(cand, exam, candidateDeadlines(cal, exam, cand));
  const view = actor.kind === 'candidate' ? publicCandidateView(cand) : staffCandidateView(cand);
  // R6: staff see how many objections were raised (the objections themselves: functions/acts/objections.ts)
  return {
    ...view,
    ...lifecycle,
    // R22, R24: staff see the standing decision with its reason, and those reopened
    ...(actor.kind === 'staff' ? { objectionCount: cand.objectionCount ?? 0, ...decisionView(cand) } : {}),
  };
}
