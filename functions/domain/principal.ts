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
