/**
 * Staff sign-in for the console, behind one interface, chosen at run time from the site config
 * `/config.json` (candidates sign in through the API in both modes: web/portal/sign-in.ts):
 * - `{ "auth": "local" }` (served by scripts/local/server.ts): the local endpoints
 *   `/api/auth/staff/login` and `/api/auth/staff/new-password`, which mint local tokens;
 * - `{ "auth": "cognito", region, userPoolId, staffClientId, endpoint? }` (written
 *   next to the web build by the site's BucketDeployment, infra/constructs/site.ts): the Cognito user
 *   pool, called with plain fetch (web/auth-cognito.ts, loaded only then, so local pages never carry it).
 *
 * Both answer the forms in the same way: an `ApiError` whose field messages are the ones the server
 * writes (so the forms show the same words whichever is behind them), and an ID token for the API.
 */
import { ApiError, api } from './api.js';
import { t } from './i18n.js';
import type { NewPasswordNeeded, StaffLogin, StaffStep, TotpEnrolment, TotpNeeded } from './types.js';

export const SITE_CONFIG_PATH = '/config.json';

export interface CognitoSiteConfig {
  auth: 'cognito';
  region: string;
  userPoolId: string;
  staffClientId: string;
  /** `https://cognito-idp.<region>.<amazonaws.com | amazonaws.com.cn>/`; derived from the region if absent */
  endpoint?: string;
}

export type SiteConfig = { auth: 'local' } | CognitoSiteConfig;

/** A token to keep for the API (an ID token on AWS: the API reads `aud`, which only ID tokens carry). */
export interface SignedIn {
  token: string;
  expiresAt: string;
}

export interface AuthClient {
  readonly kind: SiteConfig['auth'];
  /** username + password → token and the staff member's profile, or the next step (new password; TOTP on AWS) */
  staffSignIn(username: string, password: string): Promise<StaffLogin | StaffStep>;
  /** the first sign-in: the new password (with the current one, or Cognito's session) → signed in, or TOTP */
  staffNewPassword(
    username: string,
    password: string,
    newPassword: string,
    step: NewPasswordNeeded,
  ): Promise<StaffLogin | TotpNeeded | TotpEnrolment>;
  /** AWS only (local mode has no MFA): the authenticator app's code → signed in */
  staffTotp?(username: string, code: string, step: TotpNeeded): Promise<StaffLogin>;
  /** AWS only: the first code of the newly added authenticator app → TOTP on, fresh tokens → signed in */
  staffEnrolTotp?(code: string): Promise<StaffLogin>;
}

/** Local mode: the local server's endpoints (functions/routes.ts `localAuthRoutes`). */
export const localAuth: AuthClient = {
  kind: 'local',
  staffSignIn: (username, password) =>
    api<StaffLogin | NewPasswordNeeded>('/api/auth/staff/login', {
      method: 'POST',
      body: { username, password },
    }),
  staffNewPassword: (username, password, newPassword) =>
    api<StaffLogin>('/api/auth/staff/new-password', {
      method: 'POST',
      body: { username, password, newPassword },
    }),
};

function isCognito(c: unknown): c is CognitoSiteConfig {
  const v = c as Partial<CognitoSiteConfig> | null;
  return (
    v?.auth === 'cognito' &&
    [v.region, v.userPoolId, v.staffClientId].every((s) => typeof s === 'string' && s)
  );
}

/**
 * The site config. A missing or unreadable file means local mode (what the web did before the file
 * existed); a network failure is an error, and the next call tries again.
 */
export async function loadSiteConfig(fetchImpl: typeof fetch = fetch): Promise<SiteConfig> {
  let res: Response;
  try {
    res = await fetchImpl(SITE_CONFIG_PATH, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-cache',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('error.network'), [], false);
  }
  if (!res.ok) return { auth: 'local' };
  try {
    const c = (await res.json()) as unknown;
    return isCognito(c) ? c : { auth: 'local' };
  } catch {
    return { auth: 'local' };
  }
}

let client: Promise<AuthClient> | undefined;

/** The page's sign-in client, loaded once (call it early to have it ready when the form is sent). */
export function authClient(): Promise<AuthClient> {
  client ??= loadSiteConfig()
    .then(async (config) =>
      config.auth === 'cognito' ? (await import('./auth-cognito.js')).cognitoAuth(config) : localAuth,
    )
    .catch((e: unknown) => {
      client = undefined;
      throw e;
    });
  return client;
}
