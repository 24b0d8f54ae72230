/**
 * Reading candidates: an exam's work queue, one city partition at a time (A3), paged on the server with
 * a signed cursor; one candidate, for the candidate themself or staff in scope (R1, R24). Each reader
 * sees the view the domain gives it (N4: full ID numbers only for staff in scope, never in lists).
 */
import type { CandidateStatus } from '../domain/candidate.js';
import { decisionView } from '../domain/decisions.js';
import { mayReadCandidate, queueCities, seesExamType } from '../domain/departments.js';
import { deliveryView } from '../domain/dispatch.js';
import { DomainError, notFound } from '../domain/errors.js';
import { candidateDeadlines, type Phase } from '../domain/lifecycle.js';
import {
  classifySearch,
  deadlineSortKey,
  dueTodayRange,
  matchesQueue,
  nextInMerge,
  type QueueFilter,
} from '../domain/queue.js';
import { henanCities } from '../domain/regions.js';
import { candidateView, staffView } from '../domain/revocations.js';
import { appealView, lifecycleView, publicCandidateView, staffCandidateView } from '../domain/views.js';
import { type WorkKind, workItems } from '../domain/work.js';
import * as z from '../domain/zod.js';
import { loadCalendar } from '../lib/calendar.js';
import {
  candidatesByNumber,
  countInRange,
  deadlinePage,
  readCandidate,
  type StoredCandidate,
  statusCounts,
} from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { paperStatusFor } from '../lib/collection-sites.js';
import { readCursor, signCursor } from '../lib/cursor.js';
import { casesOf } from '../lib/revocations.js';
import type { Actor, StaffActor } from './actor.js';

export interface QueueQuery {
  city?: string | undefined;
  status?: CandidateStatus | undefined;
  phase?: Phase | undefined;
  check?: string | undefined;
  due?: 'today' | undefined;
  spot?: boolean | undefined;
  objections?: boolean | undefined;
  q?: string | undefined;
  /** R10, R11, N1: the round-2 work: supplementary | appeal | case */
  work?: WorkKind | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The most index items one request reads while filling a page (the bound on work inside a request).
 * A filter so selective that fewer than `limit` matches lie within this many records answers a short
 * page with `partial: true` and a cursor that goes on from there.
 */
export const QUEUE_READ_BOUND = 4000;
/** Items read per city at a time: the first read small (a page spread over the cities), then doubling. */
const MAX_BATCH = 500;

/** Where each city of the queue stands: not started (0), after this index sort key, or through (1). */
const positionSchema = z.strictObject({
  p: z
    .array(z.union([z.literal(0), z.literal(1), z.string().check(z.regex(/^[0-9TZ:.-]{24}#[a-z2-9]{20}$/))]))
    .check(z.maxLength(100)),
});

type Row = StoredCandidate & { sortKey: string };

interface CityWalk {
  city: string;
  /** the sort key of the last record passed (consumed), or undefined before the first */
  at: string | undefined;
  /** the sort key of the last record read from the index */
  readTo: string | undefined;
  buf: Row[];
  exhausted: boolean;
  batch: number;
}

/**
 * R1, N2: an exam's work queue in the caller's scope (a municipal verifier: its city), filtered on the
 * server and in order of each candidate's next deadline (the byDeadline index, one partition per exam
 * and city; several cities merged record by record behind one signed cursor). Pages are full unless the
 * list ends (or the read bound is reached: `partial`). Counts: the status counters and the index COUNT
 * of today's deadlines, for the listed cities.
 */
export async function workQueue(actor: StaffActor, examId: string, q: QueueQuery) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  const cities = queueCities(actor.dept, q.city, [...henanCities.keys()]);
  const filter: QueueFilter = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.phase ? { phase: q.phase } : {}),
    ...(q.check ? { check: q.check } : {}),
    ...(q.spot !== undefined ? { spot: q.spot } : {}),
    ...(q.objections !== undefined ? { objections: q.objections } : {}),
    ...(q.q ? { search: classifySearch(q.q) } : {}),
    ...(q.work ? { work: q.work } : {}),
  };
  const at = now();
  const today = dueTodayRange(at);
  const range = q.due === 'today' ? today : undefined;
  const [page, { byStatus, byWork }, dueToday, cal] = await Promise.all([
    filter.search?.kind === 'candidateNo'
      ? byNumber(exam.id, cities, filter, range)
      : walkQueue(exam.id, cities, filter, range, q),
    statusCounts(exam.id, cities),
    countInRange(exam.id, cities, today),
    loadCalendar(),
  ]);
  return {
    items: page.items.map((i) => {
      const d = candidateDeadlines(cal, exam, i);
      return {
        ...publicCandidateView(i),
        ...lifecycleView(i, exam, d),
        // R10, R11, N1: the round-2 work on the candidate, each with its deadline
        work: workItems(i, d, at),
        // R6: objections raised during the notice (the queue's 异议 N badge)
        objectionCount: i.objectionCount ?? 0,
        // R23: drawn for an on-site check (the 抽查 tag)
        spotCheck: i.spotCheck ?? null,
      };
    }),
    nextCursor: page.nextCursor,
    partial: page.partial,
    counts: { byStatus, dueToday, byWork },
  };
}

/** `q` as a candidate number: the byCandidateNo index (one key per candidate), then scope and filters. */
async function byNumber(
  examId: string,
  cities: readonly string[],
  filter: QueueFilter,
  range: { from: string; to: string } | undefined,
) {
  const found = await candidatesByNumber(examId, (filter.search as { value: string }).value);
  const items = found
    .map((c) => ({ ...c, sortKey: deadlineSortKey(c.queue?.due, c.personId) }))
    .filter((c) => cities.includes(c.city) && matchesQueue(c, filter))
    .filter((c) => !range || (c.sortKey > range.from && c.sortKey <= range.to))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
  return { items, nextCursor: null, partial: false };
}

/** The merge of the cities' deadline-ordered lists, filtered, from the cursor's positions. */
async function walkQueue(
  examId: string,
  cities: readonly string[],
  filter: QueueFilter,
  range: { from: string; to: string } | undefined,
  q: QueueQuery,
) {
  const context = `${examId}|${cities.join(',')}|${JSON.stringify([filter, q.due ?? ''])}`;
  const start = q.cursor ? readCursor(context, q.cursor, positionSchema).p : cities.map(() => 0 as const);
  if (start.length !== cities.length) throw invalidCursor();
  const filtered = Object.keys(filter).length > 0;
  const first = filtered ? 100 : Math.max(5, Math.ceil((q.limit + 1) / cities.length));
  const walks: CityWalk[] = cities.map((city, i) => {
    const p = start[i];
    const at = typeof p === 'string' ? p : undefined;
    return { city, at, readTo: at, buf: [], exhausted: p === 1, batch: first };
  });
  const items: Row[] = [];
  let read = 0;
  let partial = false;
  for (;;) {
    const step = nextInMerge(walks.map((w) => ({ key: w.buf[0]?.sortKey, exhausted: w.exhausted })));
    if (!step) break;
    if ('read' in step) {
      if (read >= QUEUE_READ_BOUND) {
        partial = items.length < q.limit;
        break;
      }
      await Promise.all(
        step.read.map(async (i) => {
          const w = walks[i] as CityWalk;
          const r = await deadlinePage(examId, w.city, { after: w.readTo, limit: w.batch, range });
          read += r.items.length;
          w.buf = r.items;
          w.readTo = r.items.at(-1)?.sortKey ?? w.readTo;
          w.exhausted = r.exhausted;
          w.batch = Math.min(MAX_BATCH, w.batch * 2);
        }),
      );
      continue;
    }
    const w = walks[step.city] as CityWalk;
    const next = w.buf[0] as Row;
    const matches = matchesQueue(next, filter);
    // the page is full: look on only to know whether anything matching remains (no empty last page)
    if (matches && items.length >= q.limit) break;
    w.buf.shift();
    w.at = next.sortKey;
    if (matches) items.push(next);
  }
  const through = walks.every((w) => w.exhausted && !w.buf.length);
  const nextCursor = through
    ? null
    : signCursor(context, {
        p: walks.map((w) => (w.exhausted && !w.buf.length ? 1 : (w.at ?? 0))),
      });
  return { items, nextCursor, partial };
}

const invalidCursor = () =>
  new DomainError('VALIDATION', '分页参数无效，请从第一页重新开始', {
    fields: [{ field: 'query.cursor', message: '分页参数无效或不属于这个查询' }],
  });

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
  const deadlines = candidateDeadlines(cal, exam, cand);
  const lifecycle = lifecycleView(cand, exam, deadlines);
  const view = actor.kind === 'candidate' ? publicCandidateView(cand) : staffCandidateView(cand);
  // N1: the candidate's revocation cases with their letters, for the same readers (only when there are any)
  const cases = await casesOf(personId, examId);
  const at = now();
  const revocations = cases.map((c) =>
    actor.kind === 'candidate' ? candidateView(c, at) : staffView(c, at),
  );
  // R6: staff see how many objections were raised (the objections themselves: functions/acts/objections.ts)
  return {
    ...view,
    ...lifecycle,
    ...appealView(cand),
    // R18, R19: the post of a booked paper certificate (tracking number, delivery state)
    delivery: deliveryView(cand),
    // R19, R20: the on-site certificate's status, as its collection panel says it (one function)
    paperStatus: (await paperStatusFor(cand, lifecycle.phase)).status,
    // R22, R24: staff see the standing decision with its reason, and those reopened
    ...(actor.kind === 'staff'
      ? {
          objectionCount: cand.objectionCount ?? 0,
          ...decisionView(cand),
          // R10, R11, N1: the round-2 work on the candidate with its deadlines, as the queue shows it
          work: workItems(cand, deadlines, at),
        }
      : {}),
    ...(revocations.length ? { revocations } : {}),
  };
}
