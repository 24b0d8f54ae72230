/** The routes of functions/handlers/exam-schedule.ts, in the one route list (functions/routes.ts). */
import { scheduleOverridesSchema } from '../domain/schedule.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const api = {
  putExamSchedule: {
    method: 'PUT',
    path: '/api/exams/{examId}/schedule',
    module: 'exam-schedule',
    exportName: 'putExamSchedule',
    summary:
      "The exam's departures from the notice's defaults, with the reason (R6 minimum, R8, R11, R18, T5)",
    access: 'staff',
    input: { path: examIdPath, body: scheduleOverridesSchema, bodyField: 'overrides' },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/exam-schedule.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
