/**
 * The console's staff sign-in (web/auth.ts, web/auth-cognito.ts) against a fake fetch: the exact Cognito
 * requests (targets, AuthFlow, ClientId), that the ID token is what is kept, and that Cognito's errors
 * become the field messages the forms show in local mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api.js';
import { type CognitoSiteConfig, loadSiteConfig, localAuth } from '../../web/auth.js';
import { cognitoAuth, cognitoEndpoint, messages } from '../../web/auth-cognito.js';
import { errorsFrom } from '../../web/components.js';
import type { NewPasswordNeeded, StaffLogin } from '../../web/types.js';

const config: CognitoSiteConfig = {
  auth: 'cognito',
  region: 'ap-east-1',
  userPoolId: 'ap-east-1_Pool',
  staffClientId: 'staff-client-id',
  candidateClientId: 'candidate-client-id',
  endpoint: 'https://cognito-idp.ap-east-1.amazonaws.com/',
};
const ENDPOINT = 'https://cognito-idp.ap-east-1.amazonaws.com/';
const ID_TOKEN = 'id.token.jwt';
const ACCESS_TOKEN = 'access.token.jwt';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status?: number; body: unknown };

/** A fake fetch answering from a script, in order; every request is recorded. */
function fakeFetch(script: Reply[]) {
  const seen: Seen[] = [];
  const fn = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    seen.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const next = script.shift();
    if (!next) throw new Error(`unexpected request ${init.method} ${String(input)}`);
    return new Response(JSON.stringify(next.body), {
      status: next.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fn, seen, script };
}

const cognitoError = (type: string, message: string): Reply => ({
  status: 400,
  body: { __type: type, message },
});
const tokens = (expiresIn = 3600): Reply => ({
  body: {
    AuthenticationResult: {
      IdToken: ID_TOKEN,
      AccessToken: ACCESS_TOKEN,
      RefreshToken: 'refresh',
      ExpiresIn: expiresIn,
      TokenType: 'Bearer',
    },
    ChallengeParameters: {},
  },
});
const cognitoHeaders = (target: string) => ({
  'Content-Type': 'application/x-amz-json-1.1',
  'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
});

let fake: ReturnType<typeof fakeFetch>;
const use = (script: Reply[]) => {
  fake = fakeFetch(script);
  vi.stubGlobal('fetch', fake.fn);
  return cognitoAuth(config);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-01T02:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('staff sign-in through Cognito', () => {
  const me = {
    kind: 'staff',
    username: 'zz.verifier',
    role: 'verifier',
    department: { id: 'zz', name: '郑州市人社局', kind: 'municipal', city: '4101' },
  };

  it('InitiateAuth USER_PASSWORD_AUTH with the staff client, then /api/me with the ID token; keeps the ID token', async () => {
    const auth = use([tokens(3600), { body: me }]);
    const r = (await auth.staffSignIn('zz.verifier', 'Correct-horse-1!')) as StaffLogin;
    expect(fake.seen).toEqual([
      {
        url: ENDPOINT,
        method: 'POST',
        headers: cognitoHeaders('InitiateAuth'),
        body: {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: 'staff-client-id',
          AuthParameters: { USERNAME: 'zz.verifier', PASSWORD: 'Correct-horse-1!' },
        },
      },
      {
        url: '/api/me',
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${ID_TOKEN}` },
        body: undefined,
      },
    ]);
    expect(r.token).toBe(ID_TOKEN);
    expect(r.token).not.toBe(ACCESS_TOKEN);
    expect(r.expiresAt).toBe('2025-03-01T03:00:00.000Z');
    expect(r.profile).toEqual({ username: me.username, role: me.role, department: me.department });
  });

  it('a wrong password shows the local message at the password field', async () => {
    const auth = use([cognitoError('NotAuthorizedException', 'Incorrect username or password.')]);
    const e = await failure(auth.staffSignIn('zz.verifier', 'wrong'));
    expect(e.fields).toEqual([{ field: 'password', message: '用户名或密码不正确' }]);
    expect(errorsFrom(e, ['username', 'password'])).toEqual([
      { field: 'password', message: '用户名或密码不正确', fromServer: true },
    ]);
    expect(fake.seen).toHaveLength(1);
  });

  it('too many password attempts, a user that does not exist, throttling', async () => {
    let auth = use([cognitoError('NotAuthorizedException', 'Password attempts exceeded')]);
    expect((await failure(auth.staffSignIn('a', 'b'))).fields).toEqual([
      { field: 'password', message: messages.passwordAttempts },
    ]);
    auth = use([cognitoError('com.amazonaws.cognito#UserNotFoundException', 'User does not exist.')]);
    expect((await failure(auth.staffSignIn('a', 'b'))).fields).toEqual([
      { field: 'password', message: '用户名或密码不正确' },
    ]);
    auth = use([cognitoError('TooManyRequestsException', 'Rate exceeded')]);
    const e = await failure(auth.staffSignIn('a', 'b'));
    expect([e.status, e.code, e.message]).toEqual([429, 'TOO_MANY_REQUESTS', messages.tooManyRequests]);
  });

  it('a temporary password (NEW_PASSWORD_REQUIRED) is the new-password step: answered with the new password in its session', async () => {
    let auth = use([
      { body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'sess-1', ChallengeParameters: {} } },
    ]);
    const step = await auth.staffSignIn('kf.verifier', 'Temp#2026-password');
    expect(step).toEqual({ challenge: 'newPassword', session: 'sess-1' });
    expect(fake.seen).toHaveLength(1); // no API call until signed in
    auth = use([tokens(3600), { body: me }]);
    const r = await auth.staffNewPassword(
      'kf.verifier',
      'Temp#2026-password',
      'Mine#2026-password',
      step as NewPasswordNeeded,
    );
    expect(fake.seen[0]).toEqual({
      url: ENDPOINT,
      method: 'POST',
      headers: cognitoHeaders('RespondToAuthChallenge'),
      body: {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: 'staff-client-id',
        Session: 'sess-1',
        ChallengeResponses: { USERNAME: 'kf.verifier', NEW_PASSWORD: 'Mine#2026-password' },
      },
    });
    expect(r.token).toBe(ID_TOKEN);
    // a new password against the pool's policy is shown at the new-password field
    auth = use([cognitoError('InvalidPasswordException', 'Password does not conform to policy')]);
    const e = await failure(auth.staffNewPassword('kf.verifier', 'x', 'short', step as NewPasswordNeeded));
    expect(e.fields).toEqual([{ field: 'newPassword', message: messages.passwordPolicy }]);
  });

  it('an MFA challenge is refused with a message; no API call', async () => {
    const auth = use([
      { body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's', ChallengeParameters: {} } },
    ]);
    expect((await failure(auth.staffSignIn('a', 'b'))).message).toBe(messages.mfa);
    expect(fake.seen).toHaveLength(1);
  });

  it('an account without a group or department (the API answers 401) is told so', async () => {
    const auth = use([
      tokens(),
      { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } },
    ]);
    const e = await failure(auth.staffSignIn('a', 'b'));
    expect([e.status, e.message]).toEqual([403, messages.noRole]);
  });

  it('a network failure is the usual network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const e = await failure(cognitoAuth(config).staffSignIn('a', 'b'));
    expect([e.status, e.code, e.fromServer]).toEqual([0, 'NETWORK', false]);
  });
});

describe('endpoint', () => {
  it('derives the endpoint from the region, amazonaws.com.cn in China', () => {
    const { endpoint: _, ...noEndpoint } = config;
    expect(cognitoEndpoint(noEndpoint)).toBe('https://cognito-idp.ap-east-1.amazonaws.com/');
    expect(cognitoEndpoint({ ...noEndpoint, region: 'cn-north-1' })).toBe(
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/',
    );
    expect(
      cognitoEndpoint({ ...config, endpoint: 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn' }),
    ).toBe('https://cognito-idp.cn-northwest-1.amazonaws.com.cn/');
  });
});

describe('site config and the local client', () => {
  const serve = (reply: Reply) => fakeFetch([reply]).fn as unknown as typeof fetch;

  it('reads /config.json: cognito with every id, else local', async () => {
    expect(await loadSiteConfig(serve({ body: config }))).toEqual(config);
    expect(await loadSiteConfig(serve({ body: { auth: 'local' } }))).toEqual({ auth: 'local' });
    expect(await loadSiteConfig(serve({ status: 404, body: {} }))).toEqual({ auth: 'local' });
    expect(await loadSiteConfig(serve({ body: { auth: 'cognito', region: 'ap-east-1' } }))).toEqual({
      auth: 'local',
    });
  });

  it('local mode posts to the local endpoints exactly as the forms did', async () => {
    fake = fakeFetch([
      { body: { token: 't', expiresAt: 'x', profile: {} } },
      { body: { token: 't', expiresAt: 'x', profile: {} } },
    ]);
    vi.stubGlobal('fetch', fake.fn);
    await localAuth.staffSignIn('hr.admin', 'pw');
    await localAuth.staffNewPassword('hr.admin', 'pw', 'New-Password-2026!', { challenge: 'newPassword' });
    expect(fake.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/api/auth/staff/login', { username: 'hr.admin', password: 'pw' }],
      [
        'POST',
        '/api/auth/staff/new-password',
        { username: 'hr.admin', password: 'pw', newPassword: 'New-Password-2026!' },
      ],
    ]);
  });
});
