/**
 * Staff sign-in against the Cognito user pool with plain fetch (no SDK), loaded by web/auth.ts only when
 * /config.json says `"auth": "cognito"`. (Candidates never talk to Cognito: the API signs them in,
 * web/portal/sign-in.ts.)
 *
 * - Staff: InitiateAuth(USER_PASSWORD_AUTH, staff client) → the ID token, then GET /api/me with it for
 *   the profile the console shows. The ID token, not the access token, is what the API gets: the JWT
 *   authorizer and functions/lib/http.ts tell staff from candidates by `aud`, which only ID tokens carry.
 *   TOTP is required of staff (the API refuses a staff ID token whose `mfa` claim is not `totp`):
 *     SOFTWARE_TOKEN_MFA challenge (enrolled) → RespondToAuthChallenge(SOFTWARE_TOKEN_MFA_CODE) → tokens;
 *     tokens with `mfa: none` (not enrolled) → AssociateSoftwareToken(access token) → the secret shown
 *     → VerifySoftwareToken(the first code) → SetUserMFAPreference(TOTP on, preferred)
 *     → InitiateAuth(REFRESH_TOKEN_AUTH) for an ID token the trigger now marks `totp` → GET /api/me.
 *   The enrolment's access and refresh tokens stay here, in memory, never in storage.
 *
 * Cognito's errors become the same `ApiError`s, with the same field messages, as the local endpoints
 * answer, so the forms behave the same in both modes.
 */
import { CLAIMS, MFA_CLAIM, MFA_REQUIRED_MESSAGE, STAFF_MFA } from '../functions/domain/principal.js';
import { ApiError, api, type Session } from './api.js';
import type { AuthClient, CognitoSiteConfig, SignedIn } from './auth.js';
import { t } from './i18n.js';
import type {
  NewPasswordNeeded,
  StaffLogin,
  StaffMe,
  StaffStep,
  TotpEnrolment,
  TotpNeeded,
} from './types.js';

/** The server's own words (functions/acts/login.ts, domain/otp.ts, scripts/local/auth.ts). */
export const messages = {
  badPassword: '用户名或密码不正确',
  passwordAttempts: '密码错误次数过多，请稍后再试',
  passwordReset: '该账号的密码需要重置，请联系管理员',
  passwordPolicy: '新密码至少12位，须同时包含大写字母、小写字母、数字和符号，且不能与最近使用过的密码相同',
  sessionExpired: '登录已超时，请重新输入用户名和密码',
  mfa: '该账号需要多因素认证，工作台暂不支持，请联系管理员',
  totpWrong: '动态口令不正确，请输入身份验证器应用当前显示的6位数字',
  totpUsed: '这个动态口令已经用过，请等应用显示新的6位数字后再输入',
  totpNotApplied: '动态口令已绑定，但本次登录未能生效，请重新登录',
  noRole: '该账号未分配角色或部门，请联系管理员',
  accountInactive: '该账号尚未启用，请联系管理员',
  tooManyRequests: '请求过于频繁，请稍后再试',
} as const;

type Target =
  | 'InitiateAuth'
  | 'RespondToAuthChallenge'
  | 'AssociateSoftwareToken'
  | 'VerifySoftwareToken'
  | 'SetUserMFAPreference';

interface CognitoReply {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: {
    IdToken?: string;
    AccessToken?: string;
    RefreshToken?: string;
    ExpiresIn?: number;
  };
  /** AssociateSoftwareToken */
  SecretCode?: string;
  /** VerifySoftwareToken: SUCCESS | ERROR */
  Status?: string;
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

/**
 * A JWT's claims, read without checking the signature: only to choose the console's next step (the API
 * checks the token itself). Anything unreadable is no claims.
 */
export function claimsOf(token: string): Record<string, unknown> {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    );
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The name Cognito records for the enrolled authenticator. */
const TOTP_DEVICE_NAME = 'console';

/** The name an authenticator app shows beside the account. */
export const TOTP_ISSUER = '河南省职业资格证书工作台';

/** The key URI authenticator apps read: `otpauth://totp/<issuer>:<username>?secret=…&issuer=…`. */
export function otpauthUri(username: string, secret: string, issuer = TOTP_ISSUER): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

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

  async function staffSignIn(username: string, password: string): Promise<StaffLogin | StaffStep> {
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
    return staffNext(username, r);
  }

  /** NEW_PASSWORD_REQUIRED answered with the new password, in the session Cognito gave. */
  async function staffNewPassword(
    username: string,
    _password: string,
    newPassword: string,
    step: NewPasswordNeeded,
  ): Promise<StaffLogin | TotpNeeded | TotpEnrolment> {
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
    return staffNext(username, r);
  }

  /**
   * After the password: Cognito's TOTP challenge (an enrolled account), or tokens. Tokens the trigger
   * marked `mfa: none` (not enrolled) would be refused by the API: they only serve to enrol.
   */
  async function staffNext(
    username: string,
    r: CognitoReply,
  ): Promise<StaffLogin | TotpNeeded | TotpEnrolment> {
    if (r.ChallengeName === 'SOFTWARE_TOKEN_MFA') return { challenge: 'totp', session: r.Session ?? '' };
    if (r.ChallengeName) throw generalError(401, 'UNAUTHENTICATED', messages.mfa);
    const claims = claimsOf(r.AuthenticationResult?.IdToken ?? '');
    // the app shows the account under Cognito's own spelling of the name
    if (claims[MFA_CLAIM] === STAFF_MFA.none)
      return enrolStart(String(claims[CLAIMS.username] ?? username), r);
    return profileFor(r);
  }

  /** Cognito's refusals of a TOTP code, and of a session or access token that has run out. */
  function totpError(e: unknown): ApiError {
    if (e instanceof CognitoError) {
      // a wrong code: RespondToAuthChallenge says CodeMismatch, VerifySoftwareToken EnableSoftwareTokenMFA
      if (e.type === 'CodeMismatchException' || e.type === 'EnableSoftwareTokenMFAException')
        return fieldError(400, 'VALIDATION', 'code', messages.totpWrong);
      if (e.type === 'ExpiredCodeException') return fieldError(400, 'VALIDATION', 'code', messages.totpUsed);
      // the 3-minute session ran out, too many wrong codes, or the enrolment's access token expired
      if (e.type === 'NotAuthorizedException')
        return generalError(401, 'UNAUTHENTICATED', messages.sessionExpired);
    }
    return common(e);
  }

  /** SOFTWARE_TOKEN_MFA answered with the app's code; a wrong code may be typed again in the same session. */
  async function staffTotp(username: string, code: string, step: TotpNeeded): Promise<StaffLogin> {
    let r: CognitoReply;
    try {
      r = await call('RespondToAuthChallenge', {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: config.staffClientId,
        Session: step.session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
      });
    } catch (e) {
      throw totpError(e);
    }
    const next = await staffNext(username, r);
    if ('challenge' in next) throw unexpected();
    return next;
  }

  /** The enrolment in progress: the tokens of the password sign-in, good only for Cognito's TOTP calls. */
  let enrolling: { accessToken: string; refreshToken: string } | null = null;

  async function enrolStart(username: string, r: CognitoReply): Promise<TotpEnrolment> {
    enrolling = null;
    const accessToken = r.AuthenticationResult?.AccessToken;
    const refreshToken = r.AuthenticationResult?.RefreshToken;
    if (!accessToken || !refreshToken) throw unexpected();
    let a: CognitoReply;
    try {
      a = await call('AssociateSoftwareToken', { AccessToken: accessToken });
    } catch (e) {
      throw totpError(e);
    }
    if (!a.SecretCode) throw unexpected();
    enrolling = { accessToken, refreshToken };
    return { challenge: 'enrolTotp', secret: a.SecretCode, uri: otpauthUri(username, a.SecretCode) };
  }

  /** The first code of the new authenticator: verified, TOTP switched on, then fresh tokens that say so. */
  async function staffEnrolTotp(code: string): Promise<StaffLogin> {
    const p = enrolling;
    if (!p) throw generalError(401, 'UNAUTHENTICATED', messages.sessionExpired);
    let fresh: CognitoReply;
    try {
      const v = await call('VerifySoftwareToken', {
        AccessToken: p.accessToken,
        UserCode: code,
        FriendlyDeviceName: TOTP_DEVICE_NAME,
      });
      if (v.Status !== 'SUCCESS') throw fieldError(400, 'VALIDATION', 'code', messages.totpWrong);
      await call('SetUserMFAPreference', {
        AccessToken: p.accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });
      // the Pre Token Generation trigger runs again and now finds TOTP enabled
      fresh = await call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.staffClientId,
        AuthParameters: { REFRESH_TOKEN: p.refreshToken },
      });
    } catch (e) {
      const err = totpError(e);
      if (err.status === 401) enrolling = null;
      throw err;
    }
    enrolling = null;
    const id = fresh.AuthenticationResult?.IdToken;
    if (!id || claimsOf(id)[MFA_CLAIM] !== STAFF_MFA.totp)
      throw generalError(401, 'UNAUTHENTICATED', messages.totpNotApplied);
    return profileFor(fresh);
  }

  /** The tokens Cognito answered, with the profile the API gives for them. */
  async function profileFor(r: CognitoReply): Promise<StaffLogin> {
    const { token, expiresAt } = signedIn(r);
    // the profile the console shows comes from the API, which reads the token's groups and department
    let me: StaffMe | { kind: string };
    try {
      me = await api<StaffMe | { kind: string }>('/api/me', { session: bearer(token) });
    } catch (e) {
      // a staff token without TOTP (the trigger not deployed, or TOTP switched off since): the API's words
      if (e instanceof ApiError && e.status === 401 && e.message === MFA_REQUIRED_MESSAGE) throw e;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403))
        throw generalError(403, 'FORBIDDEN', messages.noRole);
      throw e;
    }
    if (me.kind !== 'staff') throw generalError(403, 'FORBIDDEN', messages.noRole);
    const { username: who, role, department } = me as StaffMe;
    return { token, expiresAt, profile: { username: who, role, department } };
  }

  return { kind: 'cognito', staffSignIn, staffNewPassword, staffTotp, staffEnrolTotp };
}
