/** The routes of functions/handlers/candidate-auth.ts, in the one route list (functions/routes.ts). */
import { candidateStartSchema, candidateVerifySchema } from '../domain/login.js';
import { SIGN_IN_LIMITS } from '../domain/sign-in-limits.js';
import type { RouteSpec } from './spec.js';

export const api = {
  candidateSignInStart: {
    // the candidate sign-in's first step: always 202 with an attempt, on record or not
    method: 'POST',
    path: '/api/auth/candidate/start',
    module: 'candidate-auth',
    exportName: 'start',
    summary:
      'Candidate sign-in, step 1: ID number + name → an attempt; an SMS code goes only if the pair is on record (the answer is the same either way)',
    access: 'public',
    input: { body: candidateStartSchema },
    reads: ['candidates', 'auth'],
    writes: ['auth', 'outbox', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: SIGN_IN_LIMITS.overall,
  },
  candidateSignInVerify: {
    method: 'POST',
    path: '/api/auth/candidate/verify',
    module: 'candidate-auth',
    exportName: 'verify',
    summary: "Candidate sign-in, step 2: the attempt and its SMS code → the candidate's token",
    access: 'public',
    input: { body: candidateVerifySchema },
    reads: ['auth'],
    writes: ['auth', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    candidateTokens: true,
    throttle: SIGN_IN_LIMITS.overall,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/candidate-auth.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
