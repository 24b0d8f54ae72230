/**
 * POST /api/auth/candidate/identify — public. ID number + name → the candidate's person id, which the
 * portal uses as the Cognito username to start the custom-auth sign-in (./cognito-triggers.ts).
 * The person id is an HMAC of the ID number under a key only the server holds, so the portal cannot
 * compute it. Same lookup and same no-match answer (404, field `idNumber`) as the first sign-in step;
 * nothing is written and no code is sent: the code is sent by the CreateAuthChallenge trigger.
 */
import { identifyCandidate } from '../acts/login.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes.js';

export const identify = httpHandler(api.identify, async ({ body }) => {
  const { personId } = await identifyCandidate(body.idNumber, body.name);
  return { username: personId };
});
