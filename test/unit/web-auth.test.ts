/**
 * The console's staff sign-in (web/auth.ts, web/auth-cognito.ts) against a fake fetch: the exact Cognito
 * requests (targets, AuthFlow, ClientId), that the ID token is what is kept, and that Cognito's errors
 * become the field messages the forms show in local mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api.js';
import { type CognitoSiteConfig, loadSiteConfig, localAuth } from '../../web/auth.js';
import {
  claimsOf,
  cognitoAuth,
  cognitoEndpoint,
  messages,
  otpauthUri,
  TOTP_ISSUER,
} from '../../web/auth-cognito.js';
import { errorsFrom } from '../../web/components.js';
import type { NewPasswordNeeded, StaffLogin, TotpEnrolment, TotpNeeded } from '../../web/types.js';

const config: CognitoSiteConfig = {
  auth: 'cognito',
  region: 'ap-east-1',
  userPoolId: 'ap-east-1_Pool',
  staffClientId: 'staff-client-id',
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
    expect((r as StaffLogin).token).toBe(ID_TOKEN);
    // a new password against the pool's policy is shown at the new-password field
    auth = use([cognitoError('InvalidPasswordException', 'Password does not conform to policy')]);
    const e = await failure(auth.staffNewPassword('kf.verifier', 'x', 'short', step as NewPasswordNeeded));
    expect(e.fields).toEqual([{ field: 'newPassword', message: messages.passwordPolicy }]);
  });

  it('an MFA challenge other than TOTP (SMS, a choice of factors) is refused with a message; no API call', async () => {
    const auth = use([{ body: { ChallengeName: 'SELECT_MFA_TYPE', Session: 's', ChallengeParameters: {} } }]);
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

describe('staff TOTP through Cognito (MFA required of staff on AWS)', () => {
  const me = {
    kind: 'staff',
    username: 'zz.verifier',
    role: 'verifier',
    department: { id: 'zz', name: '郑州市人社局', kind: 'municipal', city: '4101' },
  };
  /** An unsigned JWT with these claims: the console reads the `mfa` claim the trigger wrote. */
  const jwt = (claims: Record<string, unknown>) =>
    `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;
  const idToken = (mfa: string) =>
    jwt({ sub: 's-1', aud: 'staff-client-id', 'cognito:username': 'zz.verifier', mfa });
  const issued = (id: string, extra: Record<string, string> = {}): Reply => ({
    body: {
      AuthenticationResult: {
        IdToken: id,
        AccessToken: ACCESS_TOKEN,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        ...extra,
      },
      ChallengeParameters: {},
    },
  });
  const mfaChallenge = (session: string): Reply => ({
    body: {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: 'zz.verifier' },
    },
  });
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const more = (...replies: Reply[]) => fake.script.push(...replies);

  it('an enrolled account: SOFTWARE_TOKEN_MFA is the code step; the code is answered in its session, then /api/me', async () => {
    const auth = use([mfaChallenge('mfa-1')]);
    const step = await auth.staffSignIn('zz.verifier', 'Correct-horse-1!');
    expect(step).toEqual({ challenge: 'totp', session: 'mfa-1' });
    expect(fake.seen).toHaveLength(1); // no API call before the code
    more(issued(idToken('totp'), { RefreshToken: 'refresh' }), { body: me });
    const r = await auth.staffTotp?.('zz.verifier', '123456', step as TotpNeeded);
    expect(fake.seen[1]).toEqual({
      url: ENDPOINT,
      method: 'POST',
      headers: cognitoHeaders('RespondToAuthChallenge'),
      body: {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: 'staff-client-id',
        Session: 'mfa-1',
        ChallengeResponses: { USERNAME: 'zz.verifier', SOFTWARE_TOKEN_MFA_CODE: '123456' },
      },
    });
    expect(fake.seen[2]?.headers.authorization).toBe(`Bearer ${idToken('totp')}`);
    expect(r?.token).toBe(idToken('totp'));
    expect(r?.expiresAt).toBe('2025-03-01T03:00:00.000Z');
    expect(r?.profile.username).toBe('zz.verifier');
  });

  it('a wrong code is a field error at the code field, and the same session answers again; a used code says so', async () => {
    const auth = use([
      mfaChallenge('mfa-1'),
      cognitoError('CodeMismatchException', 'Invalid code received for user'),
      cognitoError('ExpiredCodeException', 'Your software token has already been used once.'),
      issued(idToken('totp')),
      { body: me },
    ]);
    const step = (await auth.staffSignIn('zz.verifier', 'pw')) as TotpNeeded;
    let e = await failure(auth.staffTotp?.('zz.verifier', '000000', step) as Promise<StaffLogin>);
    expect([e.status, e.code, e.fields]).toEqual([
      400,
      'VALIDATION',
      [{ field: 'code', message: messages.totpWrong }],
    ]);
    expect(errorsFrom(e, ['code'])).toEqual([
      { field: 'code', message: messages.totpWrong, fromServer: true },
    ]);
    e = await failure(auth.staffTotp?.('zz.verifier', '111111', step) as Promise<StaffLogin>);
    expect(e.fields).toEqual([{ field: 'code', message: messages.totpUsed }]);
    const r = await auth.staffTotp?.('zz.verifier', '222222', step);
    expect(r?.token).toBe(idToken('totp'));
    expect(fake.seen.slice(1, 4).map((s) => (s.body as { Session: string }).Session)).toEqual([
      'mfa-1',
      'mfa-1',
      'mfa-1',
    ]);
  });

  it('a session that ran out (or too many wrong codes) asks to sign in again, with no field', async () => {
    const auth = use([
      mfaChallenge('mfa-1'),
      cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
    ]);
    const step = (await auth.staffSignIn('zz.verifier', 'pw')) as TotpNeeded;
    const e = await failure(auth.staffTotp?.('zz.verifier', '123456', step) as Promise<StaffLogin>);
    expect([e.status, e.code, e.message, e.fields]).toEqual([
      401,
      'UNAUTHENTICATED',
      messages.sessionExpired,
      [],
    ]);
  });

  it('the first sign-in of an enrolled account (a reset password): the new password, then the code', async () => {
    const auth = use([
      { body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'np-1', ChallengeParameters: {} } },
      mfaChallenge('mfa-2'),
    ]);
    const first = (await auth.staffSignIn('zz.verifier', 'Temp#2026-password')) as NewPasswordNeeded;
    const next = await auth.staffNewPassword(
      'zz.verifier',
      'Temp#2026-password',
      'Mine#2026-password',
      first,
    );
    expect(next).toEqual({ challenge: 'totp', session: 'mfa-2' });
  });

  it('an account without TOTP: its tokens are not used; AssociateSoftwareToken with the access token gives the secret and the otpauth link', async () => {
    const auth = use([
      issued(idToken('none'), { RefreshToken: 'refresh-1' }),
      { body: { SecretCode: SECRET } },
    ]);
    const step = await auth.staffSignIn('ZZ.Verifier', 'Correct-horse-1!');
    expect(step).toEqual({
      challenge: 'enrolTotp',
      secret: SECRET,
      // the account under Cognito's spelling of the name (cognito:username), not as typed
      uri: otpauthUri('zz.verifier', SECRET),
    });
    expect(fake.seen.map((s) => s.url)).toEqual([ENDPOINT, ENDPOINT]); // no /api/me with a refused token
    expect(fake.seen[1]).toEqual({
      url: ENDPOINT,
      method: 'POST',
      headers: cognitoHeaders('AssociateSoftwareToken'),
      body: { AccessToken: ACCESS_TOKEN },
    });
  });

  it('enrolment: VerifySoftwareToken with the first code, SetUserMFAPreference, then REFRESH_TOKEN_AUTH for a token that says totp, then /api/me', async () => {
    const auth = use([
      issued(idToken('none'), { RefreshToken: 'refresh-1' }),
      { body: { SecretCode: SECRET } },
      { body: { Status: 'SUCCESS' } },
      { body: {} },
      issued(idToken('totp')),
      { body: me },
    ]);
    await auth.staffSignIn('zz.verifier', 'Correct-horse-1!');
    const r = await auth.staffEnrolTotp?.('654321');
    expect(fake.seen.slice(2)).toEqual([
      {
        url: ENDPOINT,
        method: 'POST',
        headers: cognitoHeaders('VerifySoftwareToken'),
        body: { AccessToken: ACCESS_TOKEN, UserCode: '654321', FriendlyDeviceName: 'console' },
      },
      {
        url: ENDPOINT,
        method: 'POST',
        headers: cognitoHeaders('SetUserMFAPreference'),
        body: { AccessToken: ACCESS_TOKEN, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } },
      },
      {
        url: ENDPOINT,
        method: 'POST',
        headers: cognitoHeaders('InitiateAuth'),
        body: {
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: 'staff-client-id',
          AuthParameters: { REFRESH_TOKEN: 'refresh-1' },
        },
      },
      {
        url: '/api/me',
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${idToken('totp')}` },
        body: undefined,
      },
    ]);
    // the fresh ID token is the one kept, never the refused one
    expect(r?.token).toBe(idToken('totp'));
    expect(r?.profile).toEqual({ username: me.username, role: me.role, department: me.department });
    // the enrolment is over: nothing left to answer with
    const e = await failure(auth.staffEnrolTotp?.('654321') as Promise<StaffLogin>);
    expect(e.message).toBe(messages.sessionExpired);
    expect(fake.seen).toHaveLength(6);
  });

  it('enrolment: a wrong first code is a field error and may be typed again; an expired access token asks to sign in again', async () => {
    const auth = use([
      issued(idToken('none'), { RefreshToken: 'refresh-1' }),
      { body: { SecretCode: SECRET } },
      cognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA'),
      { body: { Status: 'ERROR' } },
      cognitoError('NotAuthorizedException', 'Access Token has expired'),
    ]);
    const step = (await auth.staffSignIn('zz.verifier', 'pw')) as TotpEnrolment;
    expect(step.challenge).toBe('enrolTotp');
    let e = await failure(auth.staffEnrolTotp?.('000000') as Promise<StaffLogin>);
    expect(e.fields).toEqual([{ field: 'code', message: messages.totpWrong }]);
    e = await failure(auth.staffEnrolTotp?.('111111') as Promise<StaffLogin>);
    expect(e.fields).toEqual([{ field: 'code', message: messages.totpWrong }]);
    e = await failure(auth.staffEnrolTotp?.('222222') as Promise<StaffLogin>);
    expect([e.status, e.message, e.fields]).toEqual([401, messages.sessionExpired, []]);
    // nothing else was switched on or refreshed
    expect(fake.seen.map((s) => s.headers['X-Amz-Target']?.split('.')[1])).toEqual([
      'InitiateAuth',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'VerifySoftwareToken',
      'VerifySoftwareToken',
    ]);
  });

  it('enrolment: a refreshed token that still says none is not used; sign in again', async () => {
    const auth = use([
      issued(idToken('none'), { RefreshToken: 'refresh-1' }),
      { body: { SecretCode: SECRET } },
      { body: { Status: 'SUCCESS' } },
      { body: {} },
      issued(idToken('none')),
    ]);
    await auth.staffSignIn('zz.verifier', 'pw');
    const e = await failure(auth.staffEnrolTotp?.('654321') as Promise<StaffLogin>);
    expect([e.status, e.message]).toEqual([401, messages.totpNotApplied]);
    expect(fake.seen).toHaveLength(5); // no /api/me
  });

  it("the API's refusal of a staff token without TOTP reaches the form in its own words", async () => {
    const refusal =
      '该账号须先绑定动态口令（TOTP）才能使用工作台：请重新登录，按提示在手机的身份验证器应用中完成绑定';
    const auth = use([
      tokens(),
      { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: refusal } } },
    ]);
    const e = await failure(auth.staffSignIn('zz.verifier', 'pw'));
    expect([e.status, e.message]).toEqual([401, refusal]);
  });

  it('reads the claims of a base64url JWT payload (Chinese included); an unreadable token has none', () => {
    expect(claimsOf(jwt({ mfa: 'totp', name: '张三' }))).toEqual({ mfa: 'totp', name: '张三' });
    expect(claimsOf(ID_TOKEN)).toEqual({});
    expect(claimsOf('')).toEqual({});
    expect(claimsOf('a.bnVsbA.c')).toEqual({}); // "null"
  });

  it('the otpauth link names the issuer and the account, each encoded', () => {
    expect(otpauthUri('zz.verifier', SECRET, 'Henan Cert')).toBe(
      `otpauth://totp/Henan%20Cert:zz.verifier?secret=${SECRET}&issuer=Henan%20Cert`,
    );
    const uri = new URL(otpauthUri('zz.verifier', SECRET));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/${TOTP_ISSUER}:zz.verifier`);
    expect(uri.searchParams.get('secret')).toBe(SECRET);
    expect(uri.searchParams.get('issuer')).toBe(TOTP_ISSUER);
  });

  it('local mode has no TOTP steps', () => {
    expect(localAuth.staffTotp).toBeUndefined();
    expect(localAuth.staffEnrolTotp).toBeUndefined();
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
