/** The routes of functions/handlers/jobs.ts, in the one route list (functions/routes.ts). */
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const jobIdPath = z.object({
  jobId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '任务编号格式不正确')),
});

export const api = {
  getJob: {
    method: 'GET',
    path: '/api/jobs/{jobId}',
    module: 'jobs',
    exportName: 'getJob',
    summary: "A job's progress: status, total / done / failed, the first errors (staff who see its exam)",
    access: 'staff',
    input: { path: jobIdPath },
    reads: ['jobs', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listExamJobs: {
    method: 'GET',
    path: '/api/exams/{examId}/jobs',
    module: 'jobs',
    exportName: 'listExamJobs',
    summary: "An exam's recent jobs, newest first, so long work can be left and returned to",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['jobs', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/jobs.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
