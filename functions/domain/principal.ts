/**
 * Who is calling, as read from the JWT authorizer's claims (never from the request body).
 * Staff carry their role (Cognito group) and their department; candidates their person id.
 */
import type { StaffRole } from './departments.js';

export type Principal =
  | { kind: 'staff'; username: string; role: StaffRole; deptId: string }
  | { kind: 'candidate'; personId: string };

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
export type CandidatePrincipal = Extract<Principal, { kind: 'candidate' }>;

/** The claim names, identical in Cognito ID tokens and in local tokens. */
export const CLAIMS = {
  groups: 'cognito:groups',
  username: 'cognito:username',
  dept: 'custom:dept',
} as const;

/** Token audiences: the console's and the portal's app clients. */
export const AUDIENCE = { staff: 'staff', candidate: 'candidate' } as const;

/**
 * R1 (staff scope) on AWS: a staff token counts only with a second factor, TOTP from an authenticator
 * app. The user pool keeps MFA OPTIONAL (candidates have no second device), so Cognito asks for the
 * code only of accounts that have enrolled one; enrolment and enforcement are ours. The Pre Token
 * Generation trigger (functions/handlers/staff-token.ts) writes this claim into every staff ID token,
 * and functions/lib/http.ts refuses a staff token on AWS whose claim is not `totp`. Local tokens carry
 * no such claim and local mode has no MFA.
 */
export const MFA_CLAIM = 'mfa';
export const STAFF_MFA = { totp: 'totp', none: 'none' } as const;
export type StaffMfa = (typeof STAFF_MFA)[keyof typeof STAFF_MFA];

/**
 * The claim for an account's enabled MFA methods (Cognito's `UserMFASettingList`): enrolled only when
 * the software token (TOTP) is among them. Cognito then asks for its code at every sign-in.
 */
export function staffMfaOf(enabledMethods: readonly string[] | undefined): StaffMfa {
  return enabledMethods?.includes('SOFTWARE_TOKEN_MFA') ? STAFF_MFA.totp : STAFF_MFA.none;
}

/** Whether a staff token's claims show an enrolled TOTP (asked only on AWS). */
export function hasStaffMfa(claims: Readonly<Record<string, unknown>>): boolean {
  return claims[MFA_CLAIM] === STAFF_MFA.totp;
}

/** The 401 a staff token without TOTP gets on AWS. */
export const MFA_REQUIRED_MESSAGE =
  '该账号须先绑定动态口令（TOTP）才能使用工作台：请重新登录，按提示在手机的身份验证器应用中完成绑定';
