/** The routes of functions/handlers/calendar.ts, in the one route list (functions/routes.ts). */

import { yearCalendarSchema } from '../domain/holidays.js';
import * as z from '../domain/zod.js';
import type { RouteSpec } from './spec.js';

export const yearPath = z.object({
  year: z.coerce
    .number()
    .check(z.int(), z.gte(2000, '年份应在2000–2100之间'), z.lte(2100, '年份应在2000–2100之间')),
});

export const api = {
  getCalendar: {
    method: 'GET',
    path: '/api/calendar',
    module: 'calendar',
    exportName: 'getCalendar',
    summary: 'Holiday years covered and missing, and where each came from (T3)',
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putCalendarYear: {
    method: 'PUT',
    path: '/api/calendar/{year}',
    module: 'calendar',
    exportName: 'putCalendarYear',
    summary:
      "hr loads a year's statutory holidays and adjusted working days (T3); waiting lifecycles re-plan",
    access: 'staff',
    input: { path: yearPath, body: yearCalendarSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/calendar.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
