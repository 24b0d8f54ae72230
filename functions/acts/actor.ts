/**
 * Who performs an act, as the acts see it: a staff member with their department loaded (R1 scope is
 * decided on the department), a candidate, or the system itself (the lifecycle state machine, jobs).
 */
import type { Department } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { accountProblem } from '../domain/staff.js';
import { getDepartment, getStaffAccount } from '../lib/catalog.js';
import { rememberStaffDept } from '../lib/db.js';

export type Actor =
  | { kind: 'staff'; username: string; role: string; dept: Department }
  | { kind: 'candidate'; personId: string }
  | { kind: 'system'; name: string };

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** The actor for a caller read from the token; a token naming a department that does not exist is refused. */
export async function actorOf(who: Principal): Promise<Actor> {
  if (who.kind === 'candidate') return { kind: 'candidate', personId: who.personId };
  // the account record decides, not the token: a disabled account, or one moved to another
  // department, acts as it is now, whatever its token (issued earlier) still says
  const account = await getStaffAccount(who.username);
  const problem = accountProblem(account);
  if (problem || !account) throw new DomainError('UNAUTHENTICATED', problem ?? '账号不存在');
  const dept = await getDepartment(account.deptId);
  if (!dept) throw notFound('所属部门');
  // the request's audit records name this department (functions/lib/db.ts transact)
  rememberStaffDept(who.username, dept);
  return { kind: 'staff', username: who.username, role: account.role, dept };
}

export async function staffActorOf(who: Extract<Principal, { kind: 'staff' }>): Promise<StaffActor> {
  return (await actorOf(who)) as StaffActor;
}

export const system = (name: string): Actor => ({ kind: 'system', name });

/** How the actor is named in audit records. */
export function actorLabel(a: Actor): string {
  if (a.kind === 'staff') return `staff:${a.username}`;
  if (a.kind === 'candidate') return `candidate:${a.personId}`;
  return `system:${a.name}`;
}
