/**
 * The login endpoints of local mode, built like every other handler (functions/lib/http.ts) so they
 * answer in the same error shape, over the same login acts (functions/acts/login.ts). On AWS, Cognito
 * plays this part (see functions/routes.ts).
 */
import { randomBytes } from 'node:crypto';
import { staffSetNewPassword, staffSignIn, startLogin, verifyLogin } from '../../functions/acts/login.js';
import {
  candidateStartSchema,
  candidateVerifySchema,
  staffLoginSchema,
} from '../../functions/domain/login.js';
import { newPasswordSchema } from '../../functions/domain/staff.js';
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
  reassign: async () => undefined,
  setDisabled: async () => undefined,
};

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

  const candidateStart = httpHandler(publicRoute(candidateStartSchema), async ({ body }) => {
    const r = await startLogin(body.idNumber, body.name);
    return { status: 202, body: { phoneMasked: r.phoneMasked, expiresInSeconds: r.expiresInSeconds } };
  });

  const candidateVerify = httpHandler(publicRoute(candidateVerifySchema), async ({ body }) => {
    const { personId } = await verifyLogin(body.idNumber, body.code);
    return issuer.candidateToken(personId);
  });

  return { staffLogin, staffNewPassword, candidateStart, candidateVerify };
}
