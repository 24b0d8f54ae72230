/**
 * Departments and staff accounts, administered by `hr` (functions/domain/staff.ts): create a
 * department, create an account in one, move it to another department, disable or enable it. Every
 * change has its audit record. The credentials are the directory's (Cognito on AWS, the catalog record
 * locally); the catalog record, checked on every request, is what makes a change take effect at once.
 */
import { keys } from '../data/tables.js';
import { authorize } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import {
  changedStaffAccount,
  type DepartmentInput,
  departmentFrom,
  FIRST_HR_DEPARTMENT,
  type FirstAdmin,
  newStaffAccount,
  type StaffAccountInput,
  type StaffAccountRecord,
  type StaffUpdate,
} from '../domain/staff.js';
import { getDepartment, getStaffAccount, listDepartments, listStaffAccounts } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { tableName, transact } from '../lib/db.js';
import { staffDirectory } from '../lib/staff-directory.js';
import { actorLabel, type StaffActor } from './actor.js';

const put = (item: Record<string, unknown>, condition: string, values?: Record<string, unknown>) => ({
  Put: {
    TableName: tableName('catalog'),
    Item: item,
    ConditionExpression: condition,
    ...(values ? { ExpressionAttributeValues: values } : {}),
  },
});

/** What of an account is shown: never a password hash. */
const accountView = ({ passwordHash: _h, ...a }: StaffAccountRecord & { passwordHash?: string }) => a;

export async function departmentsAndStaff(actor: StaffActor) {
  authorize(actor.dept, 'staff.administer');
  const [departments, staff] = await Promise.all([listDepartments(), listStaffAccounts()]);
  return {
    departments: departments.sort((a, b) => a.id.localeCompare(b.id)),
    // a name reserved by a creation under way is not an account yet
    staff: staff
      .filter((a) => !a.pending)
      .map(accountView)
      .sort((a, b) => a.username.localeCompare(b.username)),
  };
}

export async function createDepartment(actor: StaffActor, input: DepartmentInput) {
  authorize(actor.dept, 'staff.administer');
  const dept = departmentFrom(input);
  await transact([put({ ...keys.department(dept.id), ...dept }, 'attribute_not_exists(pk)')], {
    audit: {
      subject: `DEPT#${dept.id}`,
      action: 'department.created',
      actor: actorLabel(actor),
      details: { dept },
    },
    conflict: `部门编号 ${dept.id} 已存在`,
  });
  return { status: 201, body: dept };
}

const unknownDept = () =>
  new DomainError('VALIDATION', '所属部门不存在', {
    fields: [{ field: 'deptId', message: '所属部门不存在' }],
  });

/** A reservation left by a creation that stopped half-way may be taken over after this long. */
const RESERVATION_STALE_MS = 10 * 60_000;

export async function createStaffAccount(actor: StaffActor, input: StaffAccountInput) {
  authorize(actor.dept, 'staff.administer');
  const [dept, existing] = await Promise.all([getDepartment(input.deptId), getStaffAccount(input.username)]);
  if (!dept) throw unknownDept();
  const taken = () =>
    new DomainError('CONFLICT', `用户名 ${input.username} 已被使用`, {
      fields: [{ field: 'username', message: '该用户名已被使用' }],
    });
  const at = now();
  const staleReservation =
    existing?.pending === true && Date.parse(existing.createdAt) + RESERVATION_STALE_MS <= at.getTime();
  if (existing && !staleReservation) throw taken();
  const account = newStaffAccount(input, dept, actorLabel(actor), at);
  // 1. reserve the name: of two creations at once, exactly one goes on (the other is told at once); a
  //    reservation lets nobody sign in (functions/domain/staff.ts accountProblem)
  const key = keys.staff(account.username);
  await transact(
    [
      staleReservation
        ? put({ ...key, ...account, pending: true }, 'pending = :t AND createdAt = :c', {
            ':t': true,
            ':c': existing?.createdAt,
          })
        : put({ ...key, ...account, pending: true }, 'attribute_not_exists(pk)'),
    ],
    { conflict: `用户名 ${input.username} 已被使用` },
  );
  // 2. the credentials: only the holder of the reservation gets here, so credentials the directory
  //    already has under this name with no record (a creation that stopped half-way, or a user made by
  //    hand) are safely taken over
  let kept: Record<string, string>;
  try {
    kept = await staffDirectory()
      .create(account, input.password)
      .catch(async (e: Error) => {
        if (e.name !== 'UsernameExistsException') throw e;
        return staffDirectory().adopt(account, input.password);
      });
  } catch (e) {
    // the name is free again (if this fails too, the reservation goes stale and is taken over later)
    await transact(
      [
        {
          Delete: {
            TableName: tableName('catalog'),
            Key: key,
            ConditionExpression: 'pending = :t AND createdAt = :c',
            ExpressionAttributeValues: { ':t': true, ':c': account.createdAt },
          },
        },
      ],
      {},
    ).catch(() => undefined);
    throw e;
  }
  // 3. the account itself, over this very reservation, with its audit record
  await transact(
    [
      put({ ...key, ...account, ...kept }, 'pending = :t AND createdAt = :c', {
        ':t': true,
        ':c': account.createdAt,
      }),
    ],
    {
      audit: {
        subject: `STAFF#${account.username}`,
        action: 'staff.created',
        actor: actorLabel(actor),
        details: { deptId: account.deptId, role: account.role },
      },
      conflict: `用户名 ${input.username} 已被使用`,
    },
  );
  return { status: 201, body: account };
}

export async function updateStaffAccount(actor: StaffActor, username: string, u: StaffUpdate) {
  authorize(actor.dept, 'staff.administer');
  const before = await getStaffAccount(username);
  if (!before || before.pending) throw notFound('账号');
  const dept = u.deptId ? await getDepartment(u.deptId) : undefined;
  if (u.deptId && !dept) throw unknownDept();
  const after = changedStaffAccount(before, u, dept, actor.username, now());
  const { passwordHash, ...beforeView } = before;
  // over the record as it was read (a change made meanwhile is not overwritten)
  const [condition, values] = before.updatedAt
    ? ['updatedAt = :u', { ':u': before.updatedAt }]
    : ['attribute_not_exists(updatedAt)', undefined];
  await transact(
    [
      put(
        { ...keys.staff(username), ...after, ...(passwordHash ? { passwordHash } : {}) },
        condition as string,
        values as Record<string, unknown> | undefined,
      ),
    ],
    {
      audit: {
        subject: `STAFF#${username}`,
        action:
          u.disabled === true
            ? 'staff.disabled'
            : u.disabled === false
              ? 'staff.enabled'
              : u.resetTotp
                ? 'staff.totpReset'
                : 'staff.reassigned',
        actor: actorLabel(actor),
        details: { before: accountView(beforeView), after: accountView(after) },
      },
      conflict: '账号已被他人修改，请刷新后重试',
    },
  );
  // the record first (it decides every request, so the change applies at once); then the directory,
  // told the state that won — idempotent calls, so repeating the change mends a directory left behind
  if (dept) await staffDirectory().reassign(username, before.role, after.role, dept.id);
  if (u.disabled !== undefined) await staffDirectory().setDisabled(username, u.disabled);
  if (u.resetTotp) await staffDirectory().resetTotp(username);
  return accountView(after);
}

/**
 * The stack's first account (a CloudFormation custom resource at deployment): the provincial HR
 * department and one hr account in it, invited by e-mail (the user pool makes and sends the temporary
 * password; the first sign-in chooses a new one, then enrols TOTP). Idempotent: what exists is kept, so
 * a redeployment changes nothing and hr's later changes are never undone.
 */
export async function bootstrapFirstAdmin(input: FirstAdmin): Promise<{ created: boolean }> {
  const actor = 'system:bootstrap';
  const dept = FIRST_HR_DEPARTMENT;
  if (!(await getDepartment(dept.id))) {
    await transact([put({ ...keys.department(dept.id), ...dept }, 'attribute_not_exists(pk)')], {
      audit: { subject: `DEPT#${dept.id}`, action: 'department.created', actor, details: { dept } },
    }).catch((e: Error) => {
      if (!(e instanceof DomainError && e.code === 'CONFLICT')) throw e;
    });
  }
  if (await getStaffAccount(input.username)) return { created: false };
  // the user pool's invitation holds the temporary password; Cognito asks for a new one at first sign-in
  const account = newStaffAccount(
    { username: input.username, deptId: dept.id, email: input.email, password: '' },
    dept,
    actor,
    now(),
  );
  const kept = await staffDirectory().invite({ ...account, email: input.email });
  await transact(
    [put({ ...keys.staff(account.username), ...account, ...kept }, 'attribute_not_exists(pk)')],
    {
      audit: {
        subject: `STAFF#${account.username}`,
        action: 'staff.created',
        actor,
        details: { deptId: account.deptId, role: account.role, invitedBy: 'email' },
      },
      conflict: `用户名 ${input.username} 已被使用`,
    },
  );
  return { created: true };
}
