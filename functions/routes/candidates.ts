/** The routes of functions/handlers/candidates.ts, in the one route list (functions/routes.ts). */

import { appealDecisionInputSchema, appealInputSchema } from '../domain/appeals.js';
import { candidateStatuses } from '../domain/candidate.js';
import { decisionInputSchema, reopenInputSchema } from '../domain/decisions.js';
import { queueSearchSchema } from '../domain/queue.js';
import { candidateFilterSchema } from '../domain/spot-checks.js';
import { supplementaryInputSchema } from '../domain/supplementary.js';
import { workKinds } from '../domain/work.js';
import * as z from '../domain/zod.js';
import { candidatePath, examIdPath, henanCity, pageCursor, pageLimit } from './params.js';
import type { RouteSpec } from './spec.js';

const flagParam = (message: string) =>
  z.optional(
    z.pipe(
      z.enum(['1', '0'], { error: message }),
      z.transform((v) => v === '1'),
    ),
  );
/** The work queue's filters (issue 9 §1): each unknown value a 400 naming `query.{name}`. */
export const queueQuery = z.object({
  city: z.optional(henanCity),
  status: z.optional(z.enum(candidateStatuses)),
  phase: candidateFilterSchema.shape.phase,
  /** N2: an online-check item and result, e.g. `education:failed`, `any:manual` */
  check: candidateFilterSchema.shape.check,
  due: z.optional(z.enum(['today'], { error: '到期条件只能是 today（今日到期）' })),
  /** R23: drawn for a spot check */
  spot: flagParam('抽查条件应为 1（已抽查）或 0'),
  /** R6: with objections */
  objections: flagParam('异议条件应为 1（有异议）或 0'),
  /** a candidate number, a name, or the last 4–6 characters of an ID number */
  q: z.optional(queueSearchSchema),
  /** R10, R11, N1: the round-2 work — supplementary verification, appeal, revocation case */
  work: z.optional(
    z.enum(workKinds, { error: '待办事项应为 supplementary（补充核查）、appeal（申辩）或 case（撤销案件）' }),
  ),
  limit: pageLimit,
  cursor: pageCursor,
});

export const api = {
  listCandidates: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates',
    module: 'candidates',
    exportName: 'listCandidates',
    summary:
      "The work queue of an exam (R1, N2): filters city, status, phase, check, due=today, spot, objections, q, work (supplementary | appeal | case: R10, R11, N1); full pages in order of each candidate's next deadline, each with its round-2 work and that work's deadline; a signed cursor; the status counters, the work counters and today's deadlines of the caller's scope",
    access: 'staff',
    input: { path: examIdPath, query: queueQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCandidate: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}',
    module: 'candidates',
    exportName: 'getCandidate',
    summary: 'One candidate: the candidate themself, or staff in scope (R1, R24)',
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/decision',
    module: 'candidates',
    exportName: 'postDecision',
    summary:
      'R3, R7, R22: a verifier decides a candidate in scope (outcome, reasonCode, note) in the round their status gives (verifying → round 1, pending with a supplementary submission → supplementary) → the updated candidate; the same decision again changes nothing; after the R7 deadline 409 DEADLINE_PASSED',
    access: 'staff',
    input: { path: candidatePath, body: decisionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postSupplementary: {
    method: 'POST',
    path: '/api/exams/{examId}/supplementary',
    module: 'candidates',
    exportName: 'postSupplementary',
    summary:
      'R10, R12: a pending candidate takes part in supplementary verification with materials of their own (materialIds) and a note, until supplementaryDue (later 409 DEADLINE_PASSED with the deadline; forfeited: refused quoting R12) → { reference, submittedAt, deadline, next }',
    access: 'any',
    input: { path: examIdPath, body: supplementaryInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postAppeal: {
    method: 'POST',
    path: '/api/exams/{examId}/appeal',
    module: 'candidates',
    exportName: 'postAppeal',
    summary:
      'R10, R11: a candidate found unqualified in round 1 files one appeal (statement ≤ 2,000 characters, materialIds of their own) until supplementaryDue (a second 409; later 409 DEADLINE_PASSED with the deadline; forfeited: refused quoting R12) → { reference, submittedAt, deadline, next }',
    access: 'any',
    input: { path: examIdPath, body: appealInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postAppealDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/appeal-decision',
    module: 'candidates',
    exportName: 'postAppealDecision',
    summary:
      'R10, R11: a verifier in scope decides an appeal (outcome upheld | rejected, note: the reasons the candidate is told): upheld → qualified, the certificate path opens (R18 counts from the decision); rejected → the result stands; after supplementaryDue accepted and flagged overdue → the updated candidate',
    access: 'staff',
    input: { path: candidatePath, body: appealDecisionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postReopen: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/reopen',
    module: 'candidates',
    exportName: 'postReopen',
    summary:
      "R24: the provincial verifier (or association) reopens a round-1 decision — a municipal verifier's or its own — with a reason, before the R7 deadline: the candidate is verifying again → the updated candidate",
    access: 'staff',
    input: { path: candidatePath, body: reopenInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  getCandidateTimeline: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/timeline',
    module: 'candidates',
    exportName: 'getCandidateTimeline',
    summary:
      "A candidate's timeline, newest first: { items: [{ at, action, actorDept, actorKind, from, to, reason }], more } — the acting department, never a username (the candidate themself, or staff in scope: R1, N4)",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates', 'audit'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/candidates.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
