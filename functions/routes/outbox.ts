/** The routes of functions/handlers/outbox.ts, in the one route list (functions/routes.ts). */
import * as z from '../domain/zod.js';
import { pageLimit } from './params.js';
import type { RouteSpec } from './spec.js';

export const outboxQuery = z.object({
  day: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'))),
  limit: pageLimit,
});

export const api = {
  listOutbox: {
    method: 'GET',
    path: '/api/outbox',
    module: 'outbox',
    exportName: 'listOutbox',
    summary: "A day's messages, newest first; addresses masked, login codes hidden (hr, R24, N4)",
    access: 'staff',
    input: { query: outboxQuery },
    reads: ['outbox', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/outbox.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
