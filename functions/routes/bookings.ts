/** The routes of functions/handlers/bookings.ts, in the one route list (functions/routes.ts). */

import { bookingInputSchema } from '../domain/booking-input.js';
import * as z from '../domain/zod.js';
import { examIdPath, henanCity } from './params.js';
import type { RouteSpec } from './spec.js';

/** R18: the console's booking counts, filtered by city. */
const bookingCountsQuery = z.object({
  city: z.optional(henanCity),
});

export const api = {
  getBooking: {
    method: 'GET',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'getBooking',
    summary:
      "R18: the signed-in candidate's mail booking → { booking (reference, recipient, phone, districtCode with provinceName, cityName, districtName, street, postcode, codAcknowledged, bookedAt, changedAt?, lockedAt: null until locked) | null, window { opensAt, closesAt, closes, open } | null, cod (the usual postage on delivery), next }",
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putBooking: {
    method: 'PUT',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'putBookingRoute',
    summary:
      'R18: book mail delivery of the paper certificate, or change the address — { recipient, phone, phoneConfirm, districtCode (a six-digit county code anywhere in China), street, postcode (six digits), codAcknowledged: true } → the booking as GET answers it; the same submission again (two tabs, 200 at once) is one booking; from the qualifying announcement until bookingCloses (after: 409 DEADLINE_PASSED with the deadline); after the lock for dispatch 409; an SMS confirms',
    access: 'candidate',
    input: { path: examIdPath, body: bookingInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  deleteBooking: {
    method: 'DELETE',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'deleteBooking',
    summary:
      'R18, R19: cancel the mail booking until bookingCloses (after: 409 DEADLINE_PASSED with the deadline) and before the lock (after: 409); booking again is open inside the window; no booking: nothing to do → the answer as GET',
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  listBookingCounts: {
    method: 'GET',
    path: '/api/exams/{examId}/bookings',
    module: 'bookings',
    exportName: 'listBookingCounts',
    summary:
      "R18: an exam's mail bookings per city in the caller's scope (filter city) → { cities: [{ city, cityName, booked, changed, cancelled, locked }], total }, from the counters kept with each change",
    access: 'staff',
    input: { path: examIdPath, query: bookingCountsQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/bookings.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
