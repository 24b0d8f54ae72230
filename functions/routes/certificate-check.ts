/** The routes of functions/handlers/certificate-check.ts, in the one route list (functions/routes.ts). */

import {
  CERTIFICATE_NUMBER_MAX,
  CHECK_LIMITS,
  CHECK_NAME_MAX,
  checkableCertificateNumber,
  normalizeCertificateNumber,
} from '../domain/certificates.js';
import * as z from '../domain/zod.js';
import type { RouteSpec } from './spec.js';

/** R25: the number asked about (spaces dropped, upper-cased), at most 40 of [A-Z0-9-], else a 400. */
export const certificateNumberPath = z.object({
  number: z
    .pipe(
      z
        .string()
        .check(z.maxLength(200, `证书编号最多${CERTIFICATE_NUMBER_MAX}个字符，只能包含字母、数字和连字符`)),
      z.transform(normalizeCertificateNumber),
    )
    .check(
      z.refine(
        checkableCertificateNumber,
        `证书编号最多${CERTIFICATE_NUMBER_MAX}个字符，只能包含字母、数字和连字符`,
      ),
    ),
});
export const certificateCheckQuery = z.object({
  name: z
    .string({ error: '请填写持证人姓名' })
    .check(
      z.trim(),
      z.minLength(1, '请填写持证人姓名'),
      z.maxLength(CHECK_NAME_MAX, `姓名不超过${CHECK_NAME_MAX}个字`),
    ),
  /** compared on the server, never stored or logged (N4) */
  idNumber: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(30, '身份证号码格式不正确'))),
});
/**
 * R25: the check page's form without JavaScript (a plain GET): every field as typed, checked by the
 * handler itself so that even a bad one is answered with a page (400), not JSON.
 */
export const certificateCheckFormQuery = z.object({
  number: z.optional(z.string().check(z.maxLength(2000))),
  name: z.optional(z.string().check(z.maxLength(2000))),
  idNumber: z.optional(z.string().check(z.maxLength(2000))),
});

export const api = {
  getCertificateCheck: {
    method: 'GET',
    path: '/api/public/certificates/{number}',
    module: 'certificate-check',
    exportName: 'getCertificateCheck',
    summary:
      'R25, R14: the public certificate check — number + name (+ idNumber, compared only) → { status: valid|revoked|replaced, kind, exam, issuedAt, revokedAt?, signed?, idNumberMatches? } or { status: not_found } (a wrong name too); limited per client and overall',
    access: 'public',
    input: { path: certificateNumberPath, query: certificateCheckQuery },
    reads: ['candidates', 'auth'],
    writes: ['auth'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: CHECK_LIMITS.overall,
  },
  getCertificateCheckPage: {
    method: 'GET',
    path: '/api/public/certificate-check',
    module: 'certificate-check',
    exportName: 'getCertificateCheckPage',
    summary:
      'R25, R14: the check page’s form without JavaScript — number + name (+ idNumber, compared only) → the same check as an HTML page (valid | revoked with its date | replaced | not found; a bad field 400 naming it); limited as the JSON check',
    access: 'public',
    input: { query: certificateCheckFormQuery },
    page: true,
    reads: ['candidates', 'auth'],
    writes: ['auth'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: CHECK_LIMITS.overall,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/certificate-check.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
