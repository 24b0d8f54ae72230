/**
 * The claims Cognito adds to a staff ID token when it issues one (R1, staff scope): whether the
 * account has TOTP enrolled (functions/domain/principal.ts). Asked only for the staff app client and
 * only for users in a staff group, so a candidate's sign-in never waits for the user pool here.
 */
import { staffRoles } from '../domain/departments.js';
import { AUDIENCE, MFA_CLAIM, staffMfaOf } from '../domain/principal.js';
import { appClientName, enabledMfaMethods } from '../lib/user-pool.js';

export interface TokenIssue {
  userPoolId: string;
  clientId: string;
  username: string;
  /** the user's groups as Cognito is about to write them into `cognito:groups` */
  groups: readonly string[];
}

/** The claims to add, or none (another client, or no staff group: the token stays as Cognito makes it). */
export async function staffTokenClaims(t: TokenIssue): Promise<Record<string, string> | null> {
  if (!t.groups.some((g) => (staffRoles as readonly string[]).includes(g))) return null;
  if ((await appClientName(t.userPoolId, t.clientId)) !== AUDIENCE.staff) return null;
  return { [MFA_CLAIM]: staffMfaOf(await enabledMfaMethods(t.userPoolId, t.username)) };
}
