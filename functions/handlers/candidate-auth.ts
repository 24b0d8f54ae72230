/**
 * POST /api/auth/candidate/start and /verify — public: the candidate sign-in's two steps
 * (functions/acts/login.ts). The same on AWS and locally; only the token issuer differs
 * (functions/lib/candidate-tokens.ts).
 */
import { startCandidateSignIn, verifyCandidateSignIn } from '../acts/login.js';
import { clientAddressOf, httpHandler } from '../lib/http.js';
import { api } from '../routes/candidate-auth.js';

export const start = httpHandler(api.candidateSignInStart, async ({ body, event }) => ({
  status: 202,
  body: await startCandidateSignIn(body, clientAddressOf(event)),
}));

export const verify = httpHandler(api.candidateSignInVerify, async ({ body, event }) =>
  verifyCandidateSignIn(body.attempt, body.code, clientAddressOf(event)),
);
