/**
 * Cognito custom-auth triggers for candidates. The browser never talks to Cognito for a candidate: the
 * API checks the ID number, name and SMS code itself (functions/acts/login.ts) and, on success, writes a
 * one-time grant (its hash, valid a minute) and signs the candidate in through the admin API
 * (functions/lib/candidate-tokens.ts):
 *
 *   AdminInitiateAuth(CUSTOM_AUTH, USERNAME = personId)        → one custom challenge, `grant`
 *   AdminRespondToAuthChallenge(ANSWER = the grant)            → VerifyAuthChallenge spends the grant
 *                                                                 for this very user → tokens
 *
 * One answer per session: a wrong or spent grant ends it. Anyone may call InitiateAuth on the candidate
 * client, but without a live grant — which only the API writes, after a right code — no answer passes.
 */
import type {
  CreateAuthChallengeTriggerHandler,
  DefineAuthChallengeTriggerHandler,
  VerifyAuthChallengeResponseTriggerHandler,
} from 'aws-lambda';
import { spendSignInGrant } from '../acts/login.js';
import { logger } from '../lib/logger.js';

const GRANT = 'grant';

type Session = { challengeName: string; challengeResult: boolean; challengeMetadata?: string }[];

export const defineAuthChallenge: DefineAuthChallengeTriggerHandler = async (event) => {
  const session = (event.request.session ?? []) as Session;
  event.response.issueTokens = false;
  event.response.failAuthentication = true;
  if (event.request.userNotFound) return event;
  if (session.length === 0) {
    event.response.failAuthentication = false;
    event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  }
  const [only] = session;
  if (
    session.length === 1 &&
    only?.challengeName === 'CUSTOM_CHALLENGE' &&
    only.challengeMetadata === GRANT &&
    only.challengeResult
  ) {
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
  }
  return event;
};

export const createAuthChallenge: CreateAuthChallengeTriggerHandler = async (event) => {
  event.response.publicChallengeParameters = { step: GRANT };
  event.response.privateChallengeParameters = { step: GRANT };
  event.response.challengeMetadata = GRANT;
  return event;
};

export const verifyAuthChallenge: VerifyAuthChallengeResponseTriggerHandler = async (event) => {
  event.response.answerCorrect = false;
  const answer = event.request.challengeAnswer;
  if (event.request.privateChallengeParameters?.step !== GRANT || typeof answer !== 'string') return event;
  if (!/^[A-Za-z0-9_-]{43}$/.test(answer)) return event;
  event.response.answerCorrect = await spendSignInGrant(answer, event.userName);
  if (!event.response.answerCorrect) logger.info('candidate grant refused', { personId: event.userName });
  return event;
};
