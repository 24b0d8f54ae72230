/**
 * Cognito custom-auth triggers for the candidate portal: thin adapters over the same login service the
 * local endpoints use (functions/acts/login.ts), so the rules and the stored OTP state are the
 * same on AWS and locally. Candidates are user-pool users whose username is their person id.
 *
 * Cognito does not pass InitiateAuth's ClientMetadata to the challenge triggers, only
 * RespondToAuthChallenge's. So the portal's sign-in is two custom challenges:
 *
 *   1. InitiateAuth(CUSTOM_AUTH, USERNAME = personId)
 *        → challenge `identify` (nothing sent yet)
 *   2. RespondToAuthChallenge(ANSWER = 'identify', ClientMetadata = { idNumber, name })
 *        → verify: the ID number must hash to this username
 *        → next challenge `code`: startLogin(idNumber, name) sends the SMS code;
 *          public parameters { step: 'code', phoneMasked, expiresInSeconds }
 *   3. RespondToAuthChallenge(ANSWER = the 6-digit code, ClientMetadata = { idNumber })
 *        → verify: verifyLogin(idNumber, code) for this very person → tokens,
 *          or another `code` challenge (same code, no new SMS), at most 3 code attempts.
 */
import type {
  CreateAuthChallengeTriggerHandler,
  DefineAuthChallengeTriggerHandler,
  VerifyAuthChallengeResponseTriggerHandler,
} from 'aws-lambda';
import { isPersonOf, startLogin, verifyLogin } from '../acts/login.js';
import { DomainError } from '../domain/errors.js';
import { candidateStartSchema, candidateVerifySchema } from '../domain/login.js';
import { sessionMayRetry } from '../domain/otp.js';
import { logger } from '../lib/logger.js';

const IDENTIFY = 'identify';
const CODE = 'code';

/** challengeMetadata carried in the session: `identify`, or `code|<masked phone>|<seconds>`. */
const codeMeta = (phoneMasked: string, expiresInSeconds: number) =>
  `${CODE}|${phoneMasked}|${expiresInSeconds}`;
const stepOf = (meta: string | undefined) => (meta ?? '').split('|')[0];

type Session = { challengeName: string; challengeResult: boolean; challengeMetadata?: string }[];

export const defineAuthChallenge: DefineAuthChallengeTriggerHandler = async (event) => {
  const session = (event.request.session ?? []) as Session;
  const fail = () => {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
    return event;
  };
  const next = () => {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  };
  if (event.request.userNotFound) return fail();
  // only our own custom challenges may appear in this flow
  if (session.some((s) => s.challengeName !== 'CUSTOM_CHALLENGE')) return fail();
  const last = session.at(-1);
  if (!last) return next();
  const step = stepOf(last.challengeMetadata);
  if (step === IDENTIFY) return last.challengeResult ? next() : fail();
  if (step === CODE) {
    if (last.challengeResult) {
      event.response.issueTokens = true;
      event.response.failAuthentication = false;
      return event;
    }
    const attempts = session.filter((s) => stepOf(s.challengeMetadata) === CODE).length;
    return sessionMayRetry(attempts) ? next() : fail();
  }
  return fail();
};

export const createAuthChallenge: CreateAuthChallengeTriggerHandler = async (event) => {
  const session = (event.request.session ?? []) as Session;
  const last = session.at(-1);
  if (!last) {
    event.response.publicChallengeParameters = { step: IDENTIFY };
    event.response.privateChallengeParameters = { step: IDENTIFY };
    event.response.challengeMetadata = IDENTIFY;
    return event;
  }
  if (stepOf(last.challengeMetadata) === CODE) {
    // a wrong code: ask again for the code already sent, without sending another SMS
    const [, phoneMasked = '', expires = ''] = (last.challengeMetadata ?? '').split('|');
    event.response.publicChallengeParameters = {
      step: CODE,
      phoneMasked,
      expiresInSeconds: expires,
      retry: 'true',
    };
    event.response.privateChallengeParameters = { step: CODE };
    event.response.challengeMetadata = last.challengeMetadata ?? codeMeta(phoneMasked, Number(expires));
    return event;
  }
  const input = candidateStartSchema.safeParse(event.request.clientMetadata ?? {});
  if (!input.success) throw new DomainError('VALIDATION', input.error.issues[0]?.message ?? '输入有误');
  // sends the SMS code through the outbox, or throws the domain error (no match, too many requests)
  const started = await startLogin(input.data.idNumber, input.data.name);
  if (started.personId !== event.userName) throw new DomainError('UNAUTHENTICATED', '身份信息与登录账号不符');
  event.response.publicChallengeParameters = {
    step: CODE,
    phoneMasked: started.phoneMasked,
    expiresInSeconds: String(started.expiresInSeconds),
  };
  event.response.privateChallengeParameters = { step: CODE };
  event.response.challengeMetadata = codeMeta(started.phoneMasked, started.expiresInSeconds);
  return event;
};

export const verifyAuthChallenge: VerifyAuthChallengeResponseTriggerHandler = async (event) => {
  event.response.answerCorrect = false;
  const step = event.request.privateChallengeParameters?.step;
  const meta = event.request.clientMetadata ?? {};
  if (step === IDENTIFY) {
    const input = candidateStartSchema.safeParse(meta);
    event.response.answerCorrect = input.success && isPersonOf(input.data.idNumber, event.userName);
    return event;
  }
  if (step !== CODE) return event;
  const input = candidateVerifySchema.safeParse({
    idNumber: meta.idNumber,
    code: event.request.challengeAnswer,
  });
  if (!input.success) return event;
  try {
    const { personId } = await verifyLogin(input.data.idNumber, input.data.code);
    event.response.answerCorrect = personId === event.userName;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    logger.info('candidate code refused', { personId: event.userName, code: e.code });
  }
  return event;
};
