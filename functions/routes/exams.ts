/** The routes of functions/handlers/exams.ts, in the one route list (functions/routes.ts). */
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const api = {
  listExams: {
    method: 'GET',
    path: '/api/exams',
    module: 'exams',
    exportName: 'listExams',
    summary: "The exams the caller's department sees (R1)",
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getExam: {
    method: 'GET',
    path: '/api/exams/{examId}',
    module: 'exams',
    exportName: 'getExam',
    summary: 'One exam with its schedule (every deadline with its rule) and missing calendar years (T3)',
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/exams.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
