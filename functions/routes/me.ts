/** The routes of functions/handlers/me.ts, in the one route list (functions/routes.ts). */
import type { RouteSpec } from './spec.js';

export const api = {
  getMe: {
    method: 'GET',
    path: '/api/me',
    module: 'me',
    exportName: 'getMe',
    summary: "A candidate's records with phase and next deadline; a staff member's department",
    access: 'any',
    input: {},
    reads: ['candidates', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/me.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
