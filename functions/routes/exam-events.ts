/** The routes of functions/handlers/exam-events.ts, in the one route list (functions/routes.ts). */

import { isIsoDate } from '../domain/calendar.js';
import { examEventKinds } from '../domain/lifecycle.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

/** The id of an uploaded seal image: the first 16 hex digits of its SHA-256. */
export const SEAL_ID = /^[0-9a-f]{16}$/;
export const examEventBody = z.object({
  kind: z.enum(examEventKinds, {
    error:
      '事件应为 resultsAnnounced（核查结果公告）、supplementaryAnnounced（补充核查结果公告）或 certificatesIssued（签发电子证书）',
  }),
  /** R17, certificatesIssued only: the issue date (default today, T1) and the issuing department's name (default the caller's) */
  issuedOn: z.optional(
    z
      .string()
      .check(
        z.regex(/^\d{4}-\d{2}-\d{2}$/, '签发日期格式应为 YYYY-MM-DD'),
        z.refine(isIsoDate, '请填写真实的签发日期'),
      ),
  ),
  issuer: z.optional(
    z
      .string()
      .check(z.trim(), z.minLength(2, '签发单位名称至少2个字'), z.maxLength(60, '签发单位名称不超过60个字')),
  ),
  /** R17, certificatesIssued only: the seal image uploaded before (postCertificateSeal's `seal`, functions/routes/certificate-seals.ts) */
  seal: z.optional(z.string().check(z.regex(SEAL_ID, '印章编号格式不正确'))),
});

export const api = {
  postExamEvent: {
    method: 'POST',
    path: '/api/exams/{examId}/events',
    module: 'exam-events',
    exportName: 'postExamEvent',
    summary:
      'Record an exam-wide event (R9, R13 announcements; N3 certificates arrived; R17 electronic certificates issued, with issuedOn and issuer) and reach every waiting candidate',
    access: 'staff',
    input: { path: examIdPath, body: examEventBody },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'read',
    fileAreas: ['seals'],
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/exam-events.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
