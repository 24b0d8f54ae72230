/**
 * Mail booking of a paper certificate (R18, R19, issue 12): what a booking is, what the candidate must
 * give (a recipient, a mobile phone typed twice, a county anywhere in China by its six-digit code, the
 * street, a six-digit postcode, and that postage is paid on delivery), when the window is open, and how
 * the booking counters of an exam's city change with each write. The lifecycle records the events
 * (`booked`, `bookingChanged`, `bookingCancelled`, `bookingLocked`: functions/domain/lifecycle.ts) with
 * the window's checks there. What a submission must be: ./booking-input.ts (server only: it carries the
 * all-China division table). Pure: the act is functions/acts/booking.ts.
 */
import type { CandidateDeadlines, LifecycleFacts } from './lifecycle.js';
import { deadlineText } from './wording.js';

/** The longest street address taken (China Post's manifest field). */
export const STREET_MAX = 120;
/** R18: postage is paid on delivery; what it usually costs, shown as information only. */
export const COD_USUAL_AMOUNT = { min: 15, max: 25, currency: 'CNY' } as const;

/** The booking as the candidate record carries it. */
export interface Booking {
  /** the number China Post's manifest and tracking files carry (issue 13) */
  reference: string;
  recipient: string;
  phone: string;
  districtCode: string;
  provinceName: string;
  cityName: string;
  districtName: string;
  street: string;
  postcode: string;
  codAcknowledged: true;
  bookedAt: string;
  changedAt?: string;
  /** set by the manifest export (issue 13): from then on no change or cancellation */
  lockedAt: string | null;
}

/** R18: the booking window — from the announcement (or appeal decision) that qualified, to bookingCloses. */
export function bookingWindow(
  f: Pick<LifecycleFacts, 'qualifiedAt'>,
  d: Pick<CandidateDeadlines, 'bookingCloses'>,
) {
  if (!f.qualifiedAt || !d.bookingCloses) return null;
  return { opensAt: f.qualifiedAt, closesAt: d.bookingCloses };
}

/** What the candidate is told once booked or changed: the reference and what happens next. */
export function bookingNext(closesAt: string): string {
  return `证书到达后，将按您填写的地址由中国邮政寄出，邮费到付；寄出时短信告知运单号。${deadlineText(closesAt)}前、交寄锁定前可变更或取消（R18）；未预约的证书安排现场领取（R19）`;
}

export const bookingCounterKinds = ['booked', 'changed', 'cancelled', 'locked'] as const;
export type BookingCounterKind = (typeof bookingCounterKinds)[number];
/** The counter attribute of a kind, beside the status counts (functions/lib/candidates.ts). */
export const bookingCounter = (k: BookingCounterKind) => `booking_${k}` as const;
export type BookingCounter = ReturnType<typeof bookingCounter>;
export type BookingCounts = Record<BookingCounterKind, number>;

type Booked = { city: string; booking?: Booking | undefined };

/**
 * The booking counter changes of replacing `before` with `after`, kept in the same transaction:
 * booked and locked count the bookings standing (booked, locked now); changed and cancelled count the
 * changes and cancellations made.
 */
export function bookingDeltas(
  before: Booked | undefined,
  after: Booked,
): { city: string; status: BookingCounter; by: number }[] {
  const was = before?.booking;
  const is = after.booking;
  const out: { city: string; status: BookingCounter; by: number }[] = [];
  const add = (city: string, k: BookingCounterKind, by: number) =>
    out.push({ city, status: bookingCounter(k), by });
  const moved = !!before && before.city !== after.city;
  if (was && (!is || moved)) add((before as Booked).city, 'booked', -1);
  if (is && (!was || moved)) add(after.city, 'booked', 1);
  if (was?.lockedAt && (!is?.lockedAt || moved)) add((before as Booked).city, 'locked', -1);
  if (is?.lockedAt && (!was?.lockedAt || moved)) add(after.city, 'locked', 1);
  if (was && !is) add((before as Booked).city, 'cancelled', 1);
  if (was && is && is.changedAt !== was.changedAt) add(after.city, 'changed', 1);
  return out;
}

/** Counter items (their booking attributes) summed. */
export function sumBookings(items: readonly Partial<Record<string, unknown>>[]): BookingCounts {
  const out: BookingCounts = { booked: 0, changed: 0, cancelled: 0, locked: 0 };
  for (const it of items)
    for (const k of bookingCounterKinds) {
      const v = it[bookingCounter(k)];
      if (typeof v === 'number') out[k] += v;
    }
  return out;
}
