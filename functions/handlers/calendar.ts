import { staffActorOf } from '../acts/actor.js';
import { calendarOverview, loadCalendarYear } from '../acts/calendar.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/calendar.js';

/** GET /api/calendar — covered years, years still missing (T3), and where each year's data came from. */
export const getCalendar = httpHandler(api.getCalendar, async ({ who }) => {
  await staffActorOf(who); // a disabled account is refused here too
  return calendarOverview();
});

/** PUT /api/calendar/{year} — hr loads a year's holidays and adjusted working days (T3). */
export const putCalendarYear = httpHandler(api.putCalendarYear, async ({ who, path, body }) =>
  loadCalendarYear(await staffActorOf(who), path.year, body),
);
