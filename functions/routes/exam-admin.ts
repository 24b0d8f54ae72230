/** The routes of functions/handlers/exam-admin.ts, in the one route list (functions/routes.ts). */

import { examInputSchema } from '../domain/exams.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const schedulePreviewBody = z.object({
  exam: examInputSchema,
  /** the exam being edited, if any (its schedule settings apply) */
  examId: z.optional(examIdPath.shape.examId),
});

export const api = {
  createExam: {
    method: 'POST',
    path: '/api/exams',
    module: 'exam-admin',
    exportName: 'createExam',
    summary: 'hr creates a sitting: type, name, year and dates; its id is {examType}-{year}[-n] (R1)',
    access: 'staff',
    input: { body: examInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  updateExam: {
    method: 'PUT',
    path: '/api/exams/{examId}',
    module: 'exam-admin',
    exportName: 'updateExam',
    summary:
      "hr corrects a sitting's name, and its dates until the result announcement (R9); waiting lifecycles re-plan",
    access: 'staff',
    input: { path: examIdPath, body: examInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  previewExamSchedule: {
    method: 'POST',
    path: '/api/exams/schedule-preview',
    module: 'exam-admin',
    exportName: 'previewExamSchedule',
    summary:
      'The schedule a sitting would have (every deadline with its rule), before hr saves it; writes nothing',
    access: 'staff',
    input: { body: schedulePreviewBody },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/exam-admin.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
