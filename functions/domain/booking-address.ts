/**
 * The address a mail booking records (R18): from a checked submission (./booking-input.ts), with the
 * province, city and county names the county code stands for (./divisions.ts: every name of China, from
 * the compact ./division-names.ts, so only the booking's act carries it, not every API bundle).
 */
import type { Booking } from './booking.js';
import { type BookingInput, districtMessages } from './booking-input.js';
import { counties } from './divisions.js';
import { DomainError } from './errors.js';

/** The address a booking sends to, from a checked input (province and city follow from the county). */
function addressOf(input: BookingInput) {
  const county = counties().get(input.districtCode);
  if (!county) throw new DomainError('VALIDATION', districtMessages.unknown);
  return {
    recipient: input.recipient,
    phone: input.phone,
    districtCode: county.code,
    provinceName: county.province.name,
    cityName: county.city.name,
    districtName: county.name,
    street: input.street,
    postcode: input.postcode,
    codAcknowledged: true as const,
  };
}

/** A new booking with its reference. */
export function newBooking(input: BookingInput, reference: string, at: string): Booking {
  return { reference, ...addressOf(input), bookedAt: at, lockedAt: null };
}

/** The booking with the address changed (same reference, still unlocked). */
export function changedBooking(b: Booking, input: BookingInput, at: string): Booking {
  return { ...b, ...addressOf(input), changedAt: at };
}

/** The same submission as the booking on record (so a repeat writes nothing). */
export function sameBooking(b: Booking, input: BookingInput): boolean {
  const a = addressOf(input);
  return (Object.keys(a) as (keyof typeof a)[]).every((k) => b[k] === a[k]);
}
