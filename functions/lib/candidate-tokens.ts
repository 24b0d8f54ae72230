/**
 * Who mints a signed-in candidate's token, behind one interface. The sign-in act (functions/acts/login.ts)
 * checks the code itself and hands over a one-time grant (stored as a hash, valid a minute); the issuer
 * spends it and answers the token:
 *
 * - on AWS, the Cognito user pool, through the admin API so the person id never reaches the browser:
 *   the candidate's user is created at their first sign-in (a bulk creation at 50 users/s would take
 *   67 minutes for 200,000), then AdminInitiateAuth(CUSTOM_AUTH) → AdminRespondToAuthChallenge(the grant),
 *   which the VerifyAuthChallenge trigger (functions/handlers/cognito-triggers.ts) spends — so tokens
 *   come only from a grant, and each grant gives one;
 * - locally, the local token key (scripts/local/tokens.ts), installed with `setCandidateTokens`.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { ddb, tableName } from './db.js';

export interface SignedInToken {
  token: string;
  expiresAt: string;
}

export interface CandidateTokens {
  /** The token for `personId`, if `grant` is a live grant for them (spent by this call); throws otherwise. */
  issue(personId: string, grant: string): Promise<SignedInToken>;
}

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

/** Whether this person already has a user in the pool (remembered in the auth table, never expiring). */
async function knownUser(personId: string): Promise<boolean> {
  const r = await ddb.send(new GetCommand({ TableName: tableName('auth'), Key: keys.idpUser(personId) }));
  return Boolean(r.Item);
}

/** The Cognito issuer (`idp` given only by tests, at the edge). */
export function cognitoTokens(
  idp: Pick<CognitoIdentityProviderClient, 'send'> = new CognitoIdentityProviderClient({}),
): CandidateTokens {
  async function ensureUser(personId: string) {
    if (await knownUser(personId)) return;
    try {
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: env('USER_POOL_ID'),
          Username: personId,
          MessageAction: 'SUPPRESS',
        }),
      );
    } catch (e) {
      if ((e as Error).name !== 'UsernameExistsException') throw e;
    }
    await ddb.send(new PutCommand({ TableName: tableName('auth'), Item: { ...keys.idpUser(personId) } }));
  }
  return {
    async issue(personId, grant) {
      await ensureUser(personId);
      const common = { UserPoolId: env('USER_POOL_ID'), ClientId: env('CANDIDATE_CLIENT_ID') };
      const first = await idp.send(
        new AdminInitiateAuthCommand({
          ...common,
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: personId },
        }),
      );
      const done = await idp.send(
        new AdminRespondToAuthChallengeCommand({
          ...common,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: first.Session,
          ChallengeResponses: { USERNAME: personId, ANSWER: grant },
        }),
      );
      const token = done.AuthenticationResult?.IdToken;
      if (!token) throw new Error('Cognito issued no ID token for the grant');
      const seconds = done.AuthenticationResult?.ExpiresIn ?? 3600;
      return { token, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
    },
  };
}

let current: CandidateTokens | null = null;

export function candidateTokens(): CandidateTokens {
  current ??= cognitoTokens();
  return current;
}

export function setCandidateTokens(t: CandidateTokens | null): void {
  current = t;
}
