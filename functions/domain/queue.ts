/**
 * The work queue (issue 9 §1; R1, N2): what a queue filter means, how a candidate is placed in the
 * queue (by its next deadline), how the pages of several cities are merged into one order, and the
 * status counters kept with every change. Pure: the index reads and the counter writes are the store's
 * (functions/lib/candidates.ts), the walk is the act's (functions/acts/candidates.ts).
 */
import { type Booking, type BookingCounter, bookingDeltas } from './booking.js';
import type { Candidate, CandidateStatus } from './candidate.js';
import { candidateStatuses } from './candidate.js';
import { type CandidateDeadlines, type Phase, phaseOf } from './lifecycle.js';
import { type ProgressCounter, progressDeltas } from './overview.js';
import { type CandidateFilter, matchesFilter } from './spot-checks.js';
import { type WorkCounter, type WorkKind, type WorkRecord, workDeltas, workOf } from './work.js';
import * as z from './zod.js';

/**
 * What the queue keeps on the record so its index can sort and filter without the exam: the phase and
 * its next deadline (an instant, T4), as the domain gives them when the record is written.
 */
export interface QueueFacts {
  phase: Phase;
  due: string | null;
}

export function queueFacts(
  c: Candidate,
  exam: Parameters<typeof phaseOf>[1],
  d: CandidateDeadlines,
): QueueFacts {
  const p = phaseOf(c, exam, d);
  return { phase: p.phase, due: p.deadline ?? null };
}

/** The sort position of a candidate without a deadline: after every dated one. */
export const NO_DEADLINE = '9999-12-31T00:00:00.000Z';

/** The byDeadline index's sort key: the deadline as a UTC instant (so text order is time order), then the person. */
export function deadlineSortKey(due: string | null | undefined, personId: string): string {
  const at = due ? new Date(due).toISOString() : NO_DEADLINE;
  return `${at}#${personId}`;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * T1, T4: the key range of deadlines that fall today in China. A deadline is stored as the instant its
 * last day ends (24:00 China time), so "due today" is an instant after today's 00:00 and no later than
 * today's 24:00 (one at today's 00:00 is yesterday's deadline).
 */
export function dueTodayRange(now: Date): { from: string; to: string } {
  const dayStart = Math.floor((now.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const from = new Date(dayStart).toISOString();
  const to = new Date(dayStart + DAY_MS).toISOString();
  // '~' sorts after every person id (base32), so a range on `{instant}#{personId}` keys
  return { from: `${from}#~`, to: `${to}#~` };
}

/** What `q` is taken for: a candidate number, the last 4–6 characters of an ID number, or a name. */
export type QueueSearch =
  | { kind: 'candidateNo'; value: string }
  | { kind: 'idTail'; value: string }
  | { kind: 'name'; value: string };

/**
 * `q`: 4–6 digits (the last may be X) are the end of an ID number; letters with digits (as on an
 * admission ticket) or 7+ digits a candidate number; anything else a name (or part of one).
 */
export function classifySearch(q: string): QueueSearch {
  const v = q.trim();
  if (/^\d{3,5}[\dXx]$/.test(v)) return { kind: 'idTail', value: v.toUpperCase() };
  if (/^[A-Za-z0-9-]{4,30}$/.test(v) && /\d/.test(v)) return { kind: 'candidateNo', value: v.toUpperCase() };
  return { kind: 'name', value: v };
}

export const queueSearchSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, '请输入准考证号、姓名或身份证号后4–6位'),
    z.maxLength(30, '查询内容不超过30个字符'),
    z.regex(/^[\p{Script=Han}A-Za-z0-9·．. -]+$/u, '请输入准考证号、姓名或身份证号后4–6位'),
  );

/** A queue filter: the shared candidate filter, and the queue's own `due=today` and `q`. */
export interface QueueFilter extends CandidateFilter {
  dueToday?: boolean;
  /** R10, R11, N1: the round-2 work a candidate is in (functions/domain/work.ts) */
  work?: WorkKind;
  search?: QueueSearch;
}

/** A record as the queue reads it from its index. */
export type QueueRecord = Parameters<typeof matchesFilter>[0] & {
  personId: string;
  name: string;
  idNumber: string;
  candidateNo?: string | undefined;
  queue?: QueueFacts | undefined;
} & Partial<WorkRecord>;

/** Whether a record read from the queue's index belongs in the filtered list (`due=today` is the key range's). */
export function matchesQueue(c: QueueRecord, f: QueueFilter): boolean {
  if (!matchesFilter(c, f)) return false;
  if (f.work && !workOf({ status: c.status, lifecycle: c.lifecycle, openCase: c.openCase }).includes(f.work))
    return false;
  const s = f.search;
  if (!s) return true;
  if (s.kind === 'idTail') return c.idNumber.toUpperCase().endsWith(s.value);
  if (s.kind === 'candidateNo') return (c.candidateNo ?? '').trim().toUpperCase() === s.value;
  return c.name.includes(s.value);
}

/** Counters: how the status (and work, functions/domain/work.ts) counts of an exam's city change when a record is written. */
export interface CounterDelta {
  city: string;
  status: CandidateStatus | WorkCounter | BookingCounter | ProgressCounter;
  by: number;
}

type Counted = { city: string; status: CandidateStatus; booking?: Booking | undefined } & Partial<
  Omit<WorkRecord, 'status'>
>;

/**
 * The counter changes of replacing `before` (absent: a new record) with `after`: its status, and the
 * round-2 work it moves into or out of (R10, R11, N1), so the counts change in the same transaction.
 */
export function counterDeltas(before: Counted | undefined, after: Counted): CounterDelta[] {
  // R18: and the mail bookings it makes, changes, cancels or locks (functions/domain/booking.ts); R16,
  // R19, R20: and the paper certificate's milestones, for hr's overview (functions/domain/overview.ts)
  const work = [
    ...workDeltas(before, after),
    ...bookingDeltas(before, after),
    ...progressDeltas(before, after),
  ];
  if (before && before.city === after.city && before.status === after.status) return work;
  return [
    ...(before ? [{ city: before.city, status: before.status, by: -1 }] : []),
    { city: after.city, status: after.status, by: 1 },
    ...work,
  ];
}

/** New records grouped by city and status: one counter change per city and status. */
export function tallyNew(records: readonly { city: string; status: CandidateStatus }[]): CounterDelta[] {
  const m = new Map<string, CounterDelta>();
  for (const r of records) {
    const k = `${r.city}|${r.status}`;
    const d = m.get(k);
    if (d) d.by += 1;
    else m.set(k, { city: r.city, status: r.status, by: 1 });
  }
  return [...m.values()];
}

export type StatusCounts = Record<CandidateStatus, number>;

/** Counter items (their status attributes) summed into one count per status. */
export function sumCounts(items: readonly Partial<Record<string, unknown>>[]): StatusCounts {
  const out = Object.fromEntries(candidateStatuses.map((s) => [s, 0])) as StatusCounts;
  for (const it of items)
    for (const s of candidateStatuses) {
      const v = it[s];
      if (typeof v === 'number') out[s] += v;
    }
  return out;
}

/**
 * One step of the merge of several cities' lists, each sorted by key: the city whose next item comes
 * first, or null when some city still has unread items and nothing buffered (it must be read before
 * anything can be said to come first), or when every city is through.
 */
export function nextInMerge(
  heads: readonly { key: string | undefined; exhausted: boolean }[],
): { city: number } | { read: number[] } | null {
  const toRead = heads.flatMap((h, i) => (h.key === undefined && !h.exhausted ? [i] : []));
  if (toRead.length) return { read: toRead };
  let best = -1;
  heads.forEach((h, i) => {
    if (h.key !== undefined && (best < 0 || h.key < (heads[best]?.key as string))) best = i;
  });
  return best < 0 ? null : { city: best };
}
