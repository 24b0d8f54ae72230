/** The routes of functions/handlers/exam-events.ts, in the one route list (functions/routes.ts). */

import { isIsoDate } from '../domain/calendar.js';
import { SEAL_MAX_BYTES } from '../domain/certificates.js';
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
  /** R17, certificatesIssued only: the seal image uploaded before (postCertificateSeal's `seal`) */
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
  postCertificateSeal: {
    method: 'POST',
    path: '/api/exams/{examId}/certificate-seals',
    module: 'exam-events',
    exportName: 'postCertificateSeal',
    summary:
      "R17: hr gives the issuing department's seal for an exam's electronic certificates: the PNG as the body (image/png, ≤ 200 KB, 64–2000 px a side) → 201 { seal }, named in the issuance (certificatesIssued's `seal`); the PDFs then print it instead of the demo seal",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['image/png'], maxBytes: SEAL_MAX_BYTES } },
    reads: ['catalog'],
    writes: ['audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['seals'],
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/exam-events.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
