/** The routes of functions/handlers/bulk-decisions.ts, in the one route list (functions/routes.ts). */

import { bulkInputSchema } from '../domain/bulk-decisions.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const bulkPath = z.extend(examIdPath, {
  bulkId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '批量核查编号格式不正确')),
});

export const api = {
  postBulkDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/bulk-decisions',
    module: 'bulk-decisions',
    exportName: 'postBulkDecision',
    summary:
      "R1, R7, R22: preview a bulk decision — { outcome, reasonCode, note } and either `filter` (the work queue's) or `candidateNos` (a list, row 1 first) → 202, the bulk record counting; a job counts the verifying candidates it will touch (a list's unknown or out-of-scope numbers reported by row). Nothing is decided before the confirm",
    access: 'staff',
    input: { path: examIdPath, body: bulkInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  getBulkDecision: {
    method: 'GET',
    path: '/api/exams/{examId}/bulk-decisions/{bulkId}',
    module: 'bulk-decisions',
    exportName: 'getBulkDecision',
    summary:
      'A bulk decision: status (counting, ready, running, done, failed), willTouch, rejected rows { row, candidateNo, message }, done, unchanged, failed; for its own department (and hr)',
    access: 'staff',
    input: { path: bulkPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postBulkConfirm: {
    method: 'POST',
    path: '/api/exams/{examId}/bulk-decisions/{bulkId}/confirm',
    module: 'bulk-decisions',
    exportName: 'postBulkConfirm',
    summary:
      'R7, R22: confirm a counted bulk decision (once) → 202; a job decides each candidate as the single decision does, each with its audit record, the lifecycle woken; after the R7 deadline 409 DEADLINE_PASSED with the deadline',
    access: 'staff',
    input: {
      path: bulkPath,
      body: z.strictObject({ confirm: z.literal(true, { error: '请确认批量核查（confirm: true）' }) }),
    },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/bulk-decisions.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
