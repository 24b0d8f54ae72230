/** The routes of functions/handlers/objections.ts, in the one route list (functions/routes.ts). */

import { objectionInputSchema } from '../domain/notices.js';
import { MAX_ATTACHMENT_BYTES, OBJECTION_LIMITS } from '../domain/objections.js';
import * as z from '../domain/zod.js';
import { candidatePath } from './params.js';
import type { RouteSpec } from './spec.js';

export const noticeIdPath = z.object({
  noticeId: z.string().check(z.regex(/^[A-Z0-9-]{3,40}-N\d{1,3}$/, '公示编号格式不正确')),
});
export const objectionPath = z.extend(candidatePath, {
  objectionId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '异议编号格式不正确')),
});
/** An objection's body: JSON from a script, or the notice page's form without JavaScript (with its file). */
export const objectionBodyTypes = [
  'application/json',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
] as const;
/** The attachment plus the form's other fields and the multipart framing. */
export const OBJECTION_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;

export const api = {
  postObjection: {
    method: 'POST',
    path: '/api/public/notices/{noticeId}/objections',
    module: 'objections',
    exportName: 'postObjection',
    summary:
      'R6: an objection to a candidate on the published notice, during its period (candidateNo, facts, contact, name?; a form may attach a PDF/JPG/PNG ≤ 10 MB as `attachment`) → 201 { objectionId, receivedAt }; a form post gets an HTML page; limited per client and overall',
    access: 'public',
    input: {
      path: noticeIdPath,
      raw: { types: objectionBodyTypes, maxBytes: OBJECTION_BODY_BYTES, fields: objectionInputSchema },
    },
    reads: ['catalog', 'candidates', 'auth'],
    writes: ['candidates', 'catalog', 'auth', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['objections'],
    throttle: OBJECTION_LIMITS.overall,
  },
  listObjections: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/objections',
    module: 'objections',
    exportName: 'listObjections',
    summary:
      "R6: the objections raised against a candidate during the notice, with the objector's contact (staff in scope, R1)",
    access: 'staff',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getObjectionAttachment: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/objections/{objectionId}/attachment',
    module: 'objections',
    exportName: 'getObjectionAttachment',
    summary: "An objection's attached document (PDF, JPG or PNG), for staff who see the candidate (R1)",
    access: 'staff',
    input: { path: objectionPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['objections'],
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/objections.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
