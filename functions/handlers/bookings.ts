/** R18, R19: mail booking (issue 12) — thin adapters over functions/acts/booking.ts. */
import { actorOf, staffActorOf } from '../acts/actor.js';
import { bookingCounts, cancelBooking, putBooking, readBooking } from '../acts/booking.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/bookings.js';

/** GET /api/exams/{examId}/booking — the signed-in candidate's booking and its window. */
export const getBooking = httpHandler(api.getBooking, async ({ who, path }) =>
  readBooking(await actorOf(who), path.examId),
);

/** PUT /api/exams/{examId}/booking — book, or change the address (idempotent). */
export const putBookingRoute = httpHandler(api.putBooking, async ({ who, path, body }) =>
  putBooking(await actorOf(who), path.examId, body),
);

/** DELETE /api/exams/{examId}/booking — cancel while the window is open and before the lock. */
export const deleteBooking = httpHandler(api.deleteBooking, async ({ who, path }) =>
  cancelBooking(await actorOf(who), path.examId),
);

/** GET /api/exams/{examId}/bookings — the booking counts per city (console). */
export const listBookingCounts = httpHandler(api.listBookingCounts, async ({ who, path, query }) =>
  bookingCounts(await staffActorOf(who), path.examId, query),
);
