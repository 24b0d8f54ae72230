/** The routes of functions/handlers/certificate-batches.ts, in the one route list (functions/routes.ts). */

import { MAX_BATCH_BYTES } from '../domain/arrival.js';
import { isIsoDate } from '../domain/calendar.js';
import { checkableCertificateNumber, normalizeCertificateNumber } from '../domain/certificates.js';
import * as z from '../domain/zod.js';
import { candidatePath, certificateBatchQuery, examIdPath, reissueRequestBody } from './params.js';
import type { RouteSpec } from './spec.js';

/** N3 补发: the reissued certificate's number and, if not today, its issue date. */
export const reissueBody = z.object({
  certificateNo: z
    .pipe(
      z.string().check(z.maxLength(200, '证书编号应为4–40位大写字母、数字或连字符')),
      z.transform(normalizeCertificateNumber),
    )
    .check(
      z.refine(
        (n) => n.length >= 4 && checkableCertificateNumber(n),
        '证书编号应为4–40位大写字母、数字或连字符',
      ),
    ),
  issuedAt: z.optional(
    z
      .string()
      .check(z.maxLength(10, '发证日期应为 YYYY-MM-DD'), z.refine(isIsoDate, '发证日期应为 YYYY-MM-DD')),
  ),
});

export const api = {
  postReissueRequest: {
    method: 'POST',
    path: '/api/exams/{examId}/reissue-requests',
    module: 'certificate-batches',
    exportName: 'postReissueRequest',
    summary:
      'R21, N3: the holder asks for their certificate to be reissued (补发) — an electronic certificate is never reissued on paper: 409 quoting R21, nothing written; a valid paper certificate reported lost: the request is recorded for staff',
    access: 'candidate',
    input: { path: examIdPath, body: reissueRequestBody },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postCertificateBatch: {
    method: 'POST',
    path: '/api/exams/{examId}/certificate-batches',
    module: 'certificate-batches',
    exportName: 'postCertificateBatch',
    summary:
      'N3, R16: a batch of paper certificates arrived in a city: the list (text/csv UTF-8: candidateNo, certificateNo[, issuedAt]; up to 1 MB, 5,000 rows) as the body → 202 with the batch and its distribution deadline (10 working days); any wrong row refuses the whole list (400, details.rows by row), nothing written; the certificates are given by a job',
    access: 'staff',
    input: {
      path: examIdPath,
      query: certificateBatchQuery,
      raw: { types: ['text/csv'], maxBytes: MAX_BATCH_BYTES },
    },
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  getCertificateBatches: {
    method: 'GET',
    path: '/api/exams/{examId}/certificate-batches',
    module: 'certificate-batches',
    exportName: 'getCertificateBatches',
    summary:
      "N3: the exam's recorded batches (a municipal verifier's: its city's), each with its distribution deadline and whether it is overdue, and the holders' reissue requests (补发)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postReissue: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/reissue',
    module: 'certificate-batches',
    exportName: 'postReissue',
    summary:
      "N3 补发: staff record the reissued paper certificate of a holder who asked for one: the new number is the holder's certificate, marked reissued; the old number reads `replaced` in the public check",
    access: 'staff',
    input: { path: candidatePath, body: reissueBody },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/certificate-batches.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
