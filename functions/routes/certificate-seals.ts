/**
 * The routes of functions/handlers/certificate-seals.ts, in the one route list (functions/routes.ts): hr's
 * seal upload (R17), apart from the issuance (functions/routes/exam-events.ts): its PNG is checked by the
 * file worker (`fileWork`), which the issuance's function does not call.
 */

import { SEAL_MAX_BYTES } from '../domain/certificates.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const api = {
  postCertificateSeal: {
    method: 'POST',
    path: '/api/exams/{examId}/certificate-seals',
    module: 'certificate-seals',
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
    fileWork: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/certificate-seals.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
