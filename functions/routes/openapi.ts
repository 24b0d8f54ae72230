/** The routes of functions/handlers/openapi.ts, in the one route list (functions/routes.ts). */
import type { RouteSpec } from './spec.js';

export const api = {
  openapi: {
    method: 'GET',
    path: '/api/openapi.json',
    module: 'openapi',
    exportName: 'getOpenApi',
    summary: 'This API described as OpenAPI 3.1',
    access: 'public',
    input: {},
    reads: [],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/openapi.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
