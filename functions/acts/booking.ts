/**
 * R18, R19: the mail booking of a paper certificate (issue 12) — the signed-in candidate's own: read,
 * book or change (PUT), cancel (DELETE); the manifest export's lock (issue 13: `lockBookings`); the
 * booking counts of an exam per city for the console. Every write goes through the lifecycle
 * (functions/domain/lifecycle.ts: the window, the lock) and is saved with its audit record, the SMS
 * and the booking counters in one transaction (functions/acts/candidate-change.ts).
 *
 * Idempotent: a submission equal to the booking on record writes nothing and answers the booking; a
 * write that lost a race (two tabs, 1,000 requests at once) reads the record again and answers what is
 * there if it is the same submission — so 1,000 identical requests make one booking and one audit record.
 */
import {
  type Booking,
  type BookingCounts,
  bookingNext,
  bookingWindow,
  COD_USUAL_AMOUNT,
  sumBookings,
} from '../domain/booking.js';
import { changedBooking, newBooking, sameBooking } from '../domain/booking-address.js';
import type { BookingInput } from '../domain/booking-input.js';
import { queueCities, seesExamType } from '../domain/departments.js';
import { ConflictError, notFound } from '../domain/errors.js';
import { applyEvent, type LifecycleEvent, lockBooking } from '../domain/lifecycle.js';
import { cityName, henanCities } from '../domain/regions.js';
import { deadlineOf } from '../domain/work.js';
import { cityCounterItems } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { type Actor, actorLabel, type StaffActor } from './actor.js';
import {
  commitOutcome,
  type LoadedCandidate,
  loadCandidate,
  type StoredCandidate,
  saveOutcome,
} from './candidate-change.js';

/** How often a write that lost a race is tried again (after reading the record again). */
const RACE_ATTEMPTS = 8;

/** What the candidate reads: the booking (or null), the window, the usual postage, what happens next. */
function answer(l: LoadedCandidate, c: StoredCandidate) {
  const w = bookingWindow(c.lifecycle ?? {}, l.deadlines);
  const closed = !!c.lifecycle?.bookingClosedAt || (!!w && Date.parse(w.closesAt) <= now().getTime());
  return {
    booking: c.booking ?? null,
    window: w
      ? { opensAt: w.opensAt, closesAt: w.closesAt, closes: deadlineOf(w.closesAt, 'R18'), open: !closed }
      : null,
    cod: COD_USUAL_AMOUNT,
    next: c.booking && w ? bookingNext(w.closesAt) : null,
  };
}

async function ownRecord(actor: Actor, examId: string): Promise<LoadedCandidate> {
  if (actor.kind !== 'candidate') throw notFound('考生记录');
  return loadCandidate(examId, actor.personId);
}

/** GET: the candidate's own booking and its window. */
export async function readBooking(actor: Actor, examId: string) {
  const l = await ownRecord(actor, examId);
  return answer(l, l.candidate);
}

/** Retry an act that lost a race (it reads the record afresh each time); a refusal is thrown as it is. */
async function againOnRace<T>(act: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await act();
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= RACE_ATTEMPTS) throw e;
      await new Promise((ok) => setTimeout(ok, Math.random() * 20 * attempt));
    }
  }
}

const onFreshRecord = <T>(actor: Actor, examId: string, act: (l: LoadedCandidate) => Promise<T>) =>
  againOnRace(async () => act(await ownRecord(actor, examId)));

/**
 * PUT: book, or change the address of the booking on record (same reference). The same submission
 * again writes nothing. R18: refused outside the window (409 DEADLINE_PASSED with the deadline) and
 * after the lock (409 saying so).
 */
export async function putBooking(actor: Actor, examId: string, input: BookingInput) {
  return onFreshRecord(actor, examId, async (l) => {
    const c = l.candidate;
    if (c.booking && sameBooking(c.booking, input)) return answer(l, c);
    const at = now();
    const event: LifecycleEvent = c.booking
      ? { type: 'bookingChanged', booking: changedBooking(c.booking, input, at.toISOString()) }
      : { type: 'booked', booking: newBooking(input, `YJ${newId(at).toUpperCase()}`, at.toISOString()) };
    const outcome = applyEvent(c, l.exam, l.deadlines, event, at);
    // a change keeps the phase (the execution waits on as it was); a booking moves it on: wake it
    const saved =
      event.type === 'bookingChanged'
        ? await saveOutcome(c, outcome, actorLabel(actor), true, l.exam)
        : (await commitOutcome(l, outcome, actorLabel(actor))).candidate;
    return answer(l, saved);
  });
}

/** DELETE: cancel the booking (the window is open again until bookingCloses); none on record: nothing to do. */
export async function cancelBooking(actor: Actor, examId: string) {
  return onFreshRecord(actor, examId, async (l) => {
    const c = l.candidate;
    if (!c.booking) return answer(l, c);
    const outcome = applyEvent(c, l.exam, l.deadlines, { type: 'bookingCancelled' }, now());
    return answer(l, (await commitOutcome(l, outcome, actorLabel(actor))).candidate);
  });
}

/**
 * Issue 13: lock these candidates' bookings for dispatch — what the manifest export does to each
 * booking it lists (a locked one is skipped). Returns the bookings locked.
 */
export async function lockBookings(
  examId: string,
  personIds: readonly string[],
  actor = 'system:manifest',
): Promise<Booking[]> {
  const out: Booking[] = [];
  for (const personId of personIds) {
    const saved = await againOnRace(async () => {
      const l = await loadCandidate(examId, personId);
      if (!l.candidate.booking || l.candidate.booking.lockedAt) return null;
      const o = lockBooking(l.candidate, l.exam, l.deadlines, now());
      return saveOutcome(l.candidate, o, actor, true, l.exam);
    });
    if (saved?.booking) out.push(saved.booking);
  }
  return out;
}

/**
 * The console: an exam's bookings per city of the caller's scope (R1) — booked and locked standing now,
 * changes and cancellations made — from the counters kept with each change.
 */
export async function bookingCounts(actor: StaffActor, examId: string, q: { city?: string | undefined }) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  const cities = queueCities(actor.dept, q.city, [...henanCities.keys()]);
  const rows = await Promise.all(
    cities.map(async (city) => ({
      city,
      cityName: cityName(city),
      ...sumBookings(await cityCounterItems(examId, city)),
    })),
  );
  const total: BookingCounts = { booked: 0, changed: 0, cancelled: 0, locked: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof BookingCounts)[]) total[k] += r[k];
  return { examId, cities: rows, total };
}
