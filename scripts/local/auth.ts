/**
 * The login endpoints of local mode, built like every other handler (functions/lib/http.ts) so they
 * answer in the same error shape, over the same login acts (functions/acts/login.ts): staff sign-in
 * (on AWS, Cognito plays this part), the local staff directory, and the candidate token issuer.
 */
import { randomBytes } from 'node:crypto';
import { spendSignInGrant, staffSetNewPassword, staffSignIn } from '../../functions/acts/login.js';
import { DomainError } from '../../functions/domain/errors.js';
import { staffLoginSchema } from '../../functions/domain/login.js';
import { newPasswordSchema } from '../../functions/domain/staff.js';
import type { CandidateTokens } from '../../functions/lib/candidate-tokens.js';
import { httpHandler } from '../../functions/lib/http.js';
import type { StaffDirectory } from '../../functions/lib/staff-directory.js';
import { checkPassword, hashPassword } from './passwords.js';
import type { LocalIssuer } from './tokens.js';

export type { StaffAccount } from '../../functions/lib/catalog.js';

const publicRoute = <B>(body: B) => ({ access: 'public' as const, input: { body } });

/** Local mode's staff directory: the catalog record holds the password hash; nothing else to tell. */
export const localStaffDirectory: StaffDirectory = {
  create: async (_a, password) => ({ passwordHash: hashPassword(password) }),
  adopt: async (_a, password) => ({ passwordHash: hashPassword(password) }),
  // local mode seeds its accounts: an invited one gets a password nobody knows (no e-mail locally)
  invite: async () => ({ passwordHash: hashPassword(randomBytes(24).toString('base64')) }),
  reassign: async () => undefined,
  setDisabled: async () => undefined,
  // local mode has no MFA: nothing to reset
  resetTotp: async () => undefined,
};

/** Local mode's candidate tokens: the grant is spent as the Cognito trigger spends it, then a local token. */
export function localCandidateTokens(issuer: LocalIssuer): CandidateTokens {
  return {
    async issue(personId, grant) {
      if (!(await spendSignInGrant(grant, personId)))
        throw new DomainError('UNAUTHENTICATED', '登录已失效，请重新获取验证码');
      return issuer.candidateToken(personId);
    },
  };
}

export function localAuthHandlers(issuer: LocalIssuer) {
  // an unknown username costs the same scrypt as a real one (functions/acts/login.ts staffSignIn)
  const decoyHash = hashPassword(randomBytes(24).toString('base64'));
  const staffLogin = httpHandler(publicRoute(staffLoginSchema), async ({ body }) => {
    const r = await staffSignIn(body.username, body.password, checkPassword, decoyHash);
    if ('challenge' in r) return r; // the first sign-in: choose a new password first
    const t = await issuer.staffToken(r.account);
    return { ...t, profile: r.profile };
  });

  const staffNewPassword = httpHandler(publicRoute(newPasswordSchema), async ({ body }) => {
    const r = await staffSetNewPassword(
      body.username,
      body.password,
      hashPassword(body.newPassword),
      checkPassword,
      decoyHash,
    );
    const t = await issuer.staffToken(r.account);
    return { ...t, profile: r.profile };
  });

  return { staffLogin, staffNewPassword };
}
