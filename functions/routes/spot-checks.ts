/** The routes of functions/handlers/spot-checks.ts, in the one route list (functions/routes.ts). */

import { spotDrawSchema } from '../domain/spot-checks.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const spotDrawPath = z.extend(examIdPath, {
  drawId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '抽查编号格式不正确')),
});

export const api = {
  postSpotCheck: {
    method: 'POST',
    path: '/api/exams/{examId}/spot-checks',
    module: 'spot-checks',
    exportName: 'postSpotCheck',
    summary:
      'R23, R24: the provincial verifier (or association) draws N candidates from a filter with a recorded seed (the same seed and filter draw the same sample) → 202 { drawId, seed, jobId }; a job draws and marks them',
    access: 'staff',
    input: { path: examIdPath, body: spotDrawSchema },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  listSpotChecks: {
    method: 'GET',
    path: '/api/exams/{examId}/spot-checks',
    module: 'spot-checks',
    exportName: 'listSpotChecks',
    summary: "R23: an exam's spot-check draws, newest first: seed, filter, size, who drew it, its state",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getSpotCheck: {
    method: 'GET',
    path: '/api/exams/{examId}/spot-checks/{drawId}',
    module: 'spot-checks',
    exportName: 'getSpotCheck',
    summary:
      "R23: one draw and its sample (candidate number, name, masked ID number, city, status); a city's verifier sees its own city's",
    access: 'staff',
    input: { path: spotDrawPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/spot-checks.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
