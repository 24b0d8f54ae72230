/**
 * The AWS side of candidate sign-in, on DynamoDB Local with Cognito faked at the edge: the Cognito
 * issuer creates a candidate's user at the first sign-in only, then signs in with the grant through the
 * admin custom auth; the triggers accept exactly one live grant for that very user, once.
 */
import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthChallenge,
  defineAuthChallenge,
  verifyAuthChallenge,
} from '../../functions/handlers/cognito-triggers.js';
import { cognitoTokens } from '../../functions/lib/candidate-tokens.js';
import { transact } from '../../functions/lib/db.js';
import { randomToken, tokenHash } from '../../functions/lib/ids.js';
import { grantPut } from '../../functions/lib/login-codes.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { startTestSystem } from '../support/local.js';

let sys: LocalSystem;
beforeAll(async () => {
  sys = await startTestSystem();
  process.env.USER_POOL_ID = 'ap-east-1_Pool';
  process.env.CANDIDATE_CLIENT_ID = 'candidate-client';
});
afterAll(async () => {
  delete process.env.USER_POOL_ID;
  delete process.env.CANDIDATE_CLIENT_ID;
  await sys?.stop();
});

const ctx = {} as never;
const cb = (() => {}) as never;
const grantFor = async (personId: string, ttlMs = 60_000) => {
  const grant = randomToken(32);
  await transact([grantPut(tokenHash(grant), personId, Date.now() + ttlMs)], {});
  return grant;
};
const verifyEvent = (userName: string, answer: string) =>
  ({
    userName,
    request: { privateChallengeParameters: { step: 'grant' }, challengeAnswer: answer },
    response: {},
  }) as unknown as VerifyAuthChallengeResponseTriggerEvent;
const verify = async (userName: string, answer: string) =>
  (
    (await verifyAuthChallenge(
      verifyEvent(userName, answer),
      ctx,
      cb,
    )) as VerifyAuthChallengeResponseTriggerEvent
  ).response.answerCorrect;

describe('Cognito triggers', () => {
  it('define: one custom challenge, tokens only after it was answered right; a wrong answer or a second round fails', async () => {
    const define = async (session: unknown[], userNotFound = false) =>
      (
        (await defineAuthChallenge(
          { request: { session, userNotFound }, response: {} } as unknown as DefineAuthChallengeTriggerEvent,
          ctx,
          cb,
        )) as DefineAuthChallengeTriggerEvent
      ).response;
    const grant = (challengeResult: boolean) => ({
      challengeName: 'CUSTOM_CHALLENGE',
      challengeMetadata: 'grant',
      challengeResult,
    });
    expect(await define([])).toMatchObject({
      challengeName: 'CUSTOM_CHALLENGE',
      issueTokens: false,
      failAuthentication: false,
    });
    expect(await define([grant(true)])).toMatchObject({ issueTokens: true, failAuthentication: false });
    expect(await define([grant(false)])).toMatchObject({ issueTokens: false, failAuthentication: true });
    expect(await define([grant(false), grant(true)])).toMatchObject({
      issueTokens: false,
      failAuthentication: true,
    });
    expect(await define([{ ...grant(true), challengeName: 'PASSWORD_VERIFIER' }])).toMatchObject({
      issueTokens: false,
      failAuthentication: true,
    });
    expect(await define([], true)).toMatchObject({ issueTokens: false, failAuthentication: true });
  });

  it('create: asks for the grant and sends nothing', async () => {
    const e = (await createAuthChallenge(
      { request: { session: [] }, response: {} } as unknown as CreateAuthChallengeTriggerEvent,
      ctx,
      cb,
    )) as CreateAuthChallengeTriggerEvent;
    expect(e.response).toEqual({
      publicChallengeParameters: { step: 'grant' },
      privateChallengeParameters: { step: 'grant' },
      challengeMetadata: 'grant',
    });
  });

  it('verify: a live grant is right once, for its own user only; an expired or made-up one never', async () => {
    const g = await grantFor('personaaaaaaaaaaaaaa');
    expect(await verify('personbbbbbbbbbbbbbb', g)).toBe(false);
    expect(await verify('personaaaaaaaaaaaaaa', g)).toBe(true);
    expect(await verify('personaaaaaaaaaaaaaa', g)).toBe(false);
    expect(await verify('personaaaaaaaaaaaaaa', await grantFor('personaaaaaaaaaaaaaa', -1))).toBe(false);
    expect(await verify('personaaaaaaaaaaaaaa', randomToken(32))).toBe(false);
    expect(await verify('personaaaaaaaaaaaaaa', 'identify')).toBe(false);
  });
});

describe('the Cognito issuer', () => {
  /** A fake Cognito: records each command and answers like the user pool, calling the real triggers. */
  function fakeIdp() {
    const calls: { name: string; input: Record<string, unknown> }[] = [];
    const users = new Set<string>();
    return {
      calls,
      users,
      send: async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = cmd.constructor.name;
        calls.push({ name, input: cmd.input });
        const input = cmd.input as Record<string, any>;
        if (name === 'AdminCreateUserCommand') {
          if (users.has(input.Username))
            throw Object.assign(new Error('exists'), { name: 'UsernameExistsException' });
          users.add(input.Username);
          return {};
        }
        if (name === 'AdminInitiateAuthCommand') return { ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1' };
        if (name === 'AdminRespondToAuthChallengeCommand') {
          const ok = await verify(input.ChallengeResponses.USERNAME, input.ChallengeResponses.ANSWER);
          if (!ok) throw Object.assign(new Error('Incorrect'), { name: 'NotAuthorizedException' });
          return { AuthenticationResult: { IdToken: 'id-token', ExpiresIn: 3600 } };
        }
        throw new Error(`unexpected ${name}`);
      },
    };
  }

  it('creates the user at the first sign-in only, then signs in with the grant through the admin custom auth', async () => {
    const idp = fakeIdp();
    const tokens = cognitoTokens(idp as never);
    const person = 'personcccccccccccccc';
    const first = await tokens.issue(person, await grantFor(person));
    expect(first.token).toBe('id-token');
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    await tokens.issue(person, await grantFor(person));
    expect(idp.calls.map((c) => c.name)).toEqual([
      'AdminCreateUserCommand',
      'AdminInitiateAuthCommand',
      'AdminRespondToAuthChallengeCommand',
      'AdminInitiateAuthCommand',
      'AdminRespondToAuthChallengeCommand',
    ]);
    expect(idp.calls[0]?.input).toEqual({
      UserPoolId: 'ap-east-1_Pool',
      Username: person,
      MessageAction: 'SUPPRESS',
    });
    expect(idp.calls[1]?.input).toEqual({
      UserPoolId: 'ap-east-1_Pool',
      ClientId: 'candidate-client',
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: person },
    });
    expect(idp.calls[2]?.input).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's1' });
  });

  it('a user that exists already (created by an earlier run) is taken as it is; a spent grant gets no token', async () => {
    const idp = fakeIdp();
    const person = 'personddddddddddddddd'.slice(0, 20);
    idp.users.add(person);
    const tokens = cognitoTokens(idp as never);
    const g = await grantFor(person);
    expect((await tokens.issue(person, g)).token).toBe('id-token');
    await expect(tokens.issue(person, g)).rejects.toThrow('Incorrect');
  });
});
