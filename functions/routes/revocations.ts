/** The routes of functions/handlers/revocations.ts, in the one route list (functions/routes.ts). */

import {
  approvalSchema,
  caseDecisionSchema,
  caseIdPattern,
  defenceSchema,
  openCaseSchema,
  serveSchema,
} from '../domain/revocations.js';
import * as z from '../domain/zod.js';
import { candidatePath } from './params.js';
import type { RouteSpec } from './spec.js';

export const casePath = z.object({
  caseId: z.string().check(z.regex(caseIdPattern, '案件编号格式不正确')),
});

export const api = {
  postRevocation: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/revocations',
    module: 'revocations',
    exportName: 'postRevocation',
    summary:
      'R14, R15, N1: hr or a provincial verifier in scope opens a revocation case at any time — { facts, ground (R14|R15), articles? (人社部令第31号 10, 12; required for R15), referredToJudiciary?, evidence? } → { caseId }',
    access: 'staff',
    input: { path: candidatePath, body: openCaseSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getRevocation: {
    method: 'GET',
    path: '/api/revocations/{caseId}',
    module: 'revocations',
    exportName: 'getRevocation',
    summary:
      'N1: a revocation case with its stage and letters, for its parties: the candidate themself, staff in scope; others 404',
    access: 'any',
    input: { path: casePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationProposal: {
    method: 'POST',
    path: '/api/revocations/{caseId}/proposal',
    module: 'revocations',
    exportName: 'postProposal',
    summary:
      'N1: serve the proposed decision (事先告知): the letter in the portal and an SMS in one transaction; the defence period: 5 working days from the day after service, or { defenceWorkingDays (≥ 5), defenceSource } → the case',
    access: 'staff',
    input: { path: casePath, body: serveSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationDefence: {
    method: 'POST',
    path: '/api/revocations/{caseId}/defence',
    module: 'revocations',
    exportName: 'postDefence',
    summary:
      'N1: the candidate answers once within the period — { statement, materialIds } (their own materials) or { waive: true }; after the period 409 DEADLINE_PASSED with the deadline',
    access: 'candidate',
    input: { path: casePath, body: defenceSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationDecision: {
    method: 'POST',
    path: '/api/revocations/{caseId}/decision',
    module: 'revocations',
    exportName: 'postDecision',
    summary:
      "N1: the proposer's department decides { outcome: revoke|close, reasons } on a served proposal once the defence period has ended (or was waived); before it 409 with the period's end",
    access: 'staff',
    input: { path: casePath, body: caseDecisionSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationApproval: {
    method: 'POST',
    path: '/api/revocations/{caseId}/approval',
    module: 'revocations',
    exportName: 'postApproval',
    summary:
      'N1, R14: a second staff member of the deciding department approves ({ note? }; the decider cannot: 403); the decision letter is served (portal + SMS); revoke → status revoked, the reason, ground and articles in the audit record, the lifecycle stopped; close → nothing else changes',
    access: 'staff',
    input: { path: casePath, body: approvalSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'drive',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/revocations.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
