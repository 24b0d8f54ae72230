/**
 * Staff sign-in against the Cognito user pool with plain fetch (no SDK), loaded by web/auth.ts only when
 * /config.json says `"auth": "cognito"`. (Candidates never talk to Cognito: the API signs them in,
 * web/portal/sign-in.ts.)
 *
 * - Staff: InitiateAuth(USER_PASSWORD_AUTH, staff client) → the ID token, then GET /api/me with it for
 *   the profile the console shows. The ID token, not the access token, is what the API gets: the JWT
 *   authorizer and functions/lib/http.ts tell staff from candidates by `aud`, which only ID tokens carry.
 *
 * Cognito's errors become the same `ApiError`s, with the same field messages, as the local endpoints
 * answer, so the forms behave the same in both modes.
 */
import { ApiError, api, type Session } from './api.js';
import type { AuthClient, CognitoSiteConfig, SignedIn } from './auth.js';
import { t } from './i18n.js';
import type { NewPasswordNeeded, StaffLogin, StaffMe } from './types.js';

/** The server's own words (functions/acts/login.ts, domain/otp.ts, scripts/local/auth.ts). */
export const messages = {
  badPassword: '用户名或密码不正确',
  passwordAttempts: '密码错误次数过多，请稍后再试',
  passwordReset: '该账号的密码需要重置，请联系管理员',
  passwordPolicy: '新密码至少12位，须同时包含大写字母、小写字母、数字和符号，且不能与最近使用过的密码相同',
  sessionExpired: '登录已超时，请重新输入用户名和密码',
  mfa: '该账号需要多因素认证，工作台暂不支持，请联系管理员',
  noRole: '该账号未分配角色或部门，请联系管理员',
  accountInactive: '该账号尚未启用，请联系管理员',
  tooManyRequests: '请求过于频繁，请稍后再试',
} as const;

type Target = 'InitiateAuth' | 'RespondToAuthChallenge';

interface CognitoReply {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: { IdToken?: string; AccessToken?: string; ExpiresIn?: number };
}

/** A Cognito error answer: its type (e.g. `NotAuthorizedException`) and message. */
export class CognitoError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = 'CognitoError';
    this.type = type;
  }
}

/** The Cognito endpoint: from the config, else from the region (China regions are under amazonaws.com.cn). */
export function cognitoEndpoint(c: CognitoSiteConfig): string {
  if (c.endpoint) return c.endpoint.endsWith('/') ? c.endpoint : `${c.endpoint}/`;
  return `https://cognito-idp.${c.region}.amazonaws.com${c.region.startsWith('cn-') ? '.cn' : ''}/`;
}

const fieldError = (status: number, code: string, field: string, message: string) =>
  new ApiError(status, code, message, [{ field, message }]);
const generalError = (status: number, code: string, message: string) => new ApiError(status, code, message);
const unexpected = () => new ApiError(500, 'INTERNAL', t('error.generic'), [], false);

/** A session-like holder for one token, for the one API call made before the token is stored. */
const bearer = (token: string) => ({ current: () => token, clear: () => {} }) as unknown as Session;

export function cognitoAuth(
  config: CognitoSiteConfig,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): AuthClient {
  const endpoint = cognitoEndpoint(config);

  async function call(target: Target, body: Record<string, unknown>): Promise<CognitoReply> {
    let res: Response;
    try {
      res = await fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', t('error.network'), [], false);
    }
    let data: Record<string, unknown> = {};
    try {
      data = (await res.json()) as Record<string, unknown>;
    } catch {
      data = {};
    }
    if (!res.ok) {
      // `__type` is "NotAuthorizedException" or "com.amazonaws…#NotAuthorizedException"
      const raw = String(data.__type ?? res.headers.get('x-amzn-errortype') ?? 'UnknownError');
      const type = raw.split('#').pop()?.split(':')[0] ?? raw;
      throw new CognitoError(type, String(data.message ?? data.Message ?? ''));
    }
    return data as CognitoReply;
  }

  function signedIn(r: CognitoReply): SignedIn {
    const token = r.AuthenticationResult?.IdToken;
    if (!token) throw unexpected();
    const seconds = r.AuthenticationResult?.ExpiresIn ?? 3600;
    return { token, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
  }

  /** Errors every step may meet. */
  function common(e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (!(e instanceof CognitoError)) return unexpected();
    if (e.type === 'TooManyRequestsException' || e.type === 'LimitExceededException')
      return generalError(429, 'TOO_MANY_REQUESTS', messages.tooManyRequests);
    return unexpected();
  }

  async function staffSignIn(username: string, password: string): Promise<StaffLogin | NewPasswordNeeded> {
    let r: CognitoReply;
    try {
      r = await call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.staffClientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
    } catch (e) {
      if (e instanceof CognitoError) {
        if (e.type === 'NotAuthorizedException' && /attempts exceeded/i.test(e.message))
          throw fieldError(429, 'TOO_MANY_REQUESTS', 'password', messages.passwordAttempts);
        if (e.type === 'NotAuthorizedException' || e.type === 'UserNotFoundException')
          throw fieldError(401, 'UNAUTHENTICATED', 'password', messages.badPassword);
        if (e.type === 'PasswordResetRequiredException')
          throw fieldError(401, 'UNAUTHENTICATED', 'password', messages.passwordReset);
        if (e.type === 'UserNotConfirmedException')
          throw generalError(401, 'UNAUTHENTICATED', messages.accountInactive);
      }
      throw common(e);
    }
    // the first sign-in with the password hr set: the console asks for a new one (staffNewPassword)
    if (r.ChallengeName === 'NEW_PASSWORD_REQUIRED')
      return { challenge: 'newPassword', session: r.Session ?? '' };
    if (r.ChallengeName) throw generalError(401, 'UNAUTHENTICATED', messages.mfa);
    return profileFor(r);
  }

  /** NEW_PASSWORD_REQUIRED answered with the new password, in the session Cognito gave. */
  async function staffNewPassword(
    username: string,
    _password: string,
    newPassword: string,
    step: NewPasswordNeeded,
  ): Promise<StaffLogin> {
    let r: CognitoReply;
    try {
      r = await call('RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: config.staffClientId,
        Session: step.session ?? '',
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
      });
    } catch (e) {
      if (e instanceof CognitoError) {
        if (e.type === 'InvalidPasswordException')
          throw fieldError(400, 'VALIDATION', 'newPassword', messages.passwordPolicy);
        if (e.type === 'NotAuthorizedException' || e.type === 'CodeMismatchException')
          throw generalError(401, 'UNAUTHENTICATED', messages.sessionExpired);
      }
      throw common(e);
    }
    if (r.ChallengeName) throw generalError(401, 'UNAUTHENTICATED', messages.mfa);
    return profileFor(r);
  }

  /** The tokens Cognito answered, with the profile the API gives for them. */
  async function profileFor(r: CognitoReply): Promise<StaffLogin> {
    const { token, expiresAt } = signedIn(r);
    // the profile the console shows comes from the API, which reads the token's groups and department
    let me: StaffMe | { kind: string };
    try {
      me = await api<StaffMe | { kind: string }>('/api/me', { session: bearer(token) });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403))
        throw generalError(403, 'FORBIDDEN', messages.noRole);
      throw e;
    }
    if (me.kind !== 'staff') throw generalError(403, 'FORBIDDEN', messages.noRole);
    const { username: who, role, department } = me as StaffMe;
    return { token, expiresAt, profile: { username: who, role, department } };
  }

  return { kind: 'cognito', staffSignIn, staffNewPassword };
}
