/** The routes of functions/handlers/certificates.ts, in the one route list (functions/routes.ts). */
import { candidatePath, examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const api = {
  getOwnCertificatePdf: {
    method: 'GET',
    path: '/api/exams/{examId}/certificate.pdf',
    module: 'certificates',
    exportName: 'getOwnCertificatePdf',
    summary:
      "R17: the signed-in holder's own electronic certificate (valid or revoked) as a PDF download, rendered on the first download and kept; no certificate: 404",
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['certificates', 'seals'],
    certificatePdf: true,
  },
  getCandidateCertificatePdf: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/certificate.pdf',
    module: 'certificates',
    exportName: 'getCandidateCertificatePdf',
    summary:
      "R17, R1: a candidate's electronic certificate (valid or revoked) as a PDF download, for staff who see the candidate; anyone else or no certificate: 404",
    access: 'staff',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['certificates', 'seals'],
    certificatePdf: true,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/certificates.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
