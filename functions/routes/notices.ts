/** The routes of functions/handlers/notices.ts, in the one route list (functions/routes.ts). */

import { noticeInputSchema } from '../domain/notices.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const api = {
  putNotice: {
    method: 'PUT',
    path: '/api/exams/{examId}/notice',
    module: 'notices',
    exportName: 'putNotice',
    summary:
      "R6: the provincial verifier (or association) drafts the exam's joint public notice (until hr publishes it)",
    access: 'staff',
    input: { path: examIdPath, body: noticeInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postNoticePublish: {
    method: 'POST',
    path: '/api/exams/{examId}/notice/publish',
    module: 'notices',
    exportName: 'postNoticePublish',
    summary:
      'R6: hr confirms the draft: the notice is published jointly, both departments named; a job renders its public pages',
    access: 'staff',
    input: {
      path: examIdPath,
      body: z.strictObject({ confirm: z.literal(true, { error: '请确认发布（confirm: true）' }) }),
    },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  getNotice: {
    method: 'GET',
    path: '/api/exams/{examId}/notice',
    module: 'notices',
    exportName: 'getNotice',
    summary: "The exam's joint public notice: its text, status, period and the departments that signed it",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/notices.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
