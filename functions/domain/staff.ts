/**
 * Departments and staff accounts, administered by `hr` (R1: who verifies what is set by the
 * departments; R24: hr supervises). A staff account belongs to one department; its role follows from
 * the department's kind (hr / verifier / association), so a role can never disagree with its scope.
 * The account record is kept in the catalog in both modes (locally it also holds the password hash;
 * on AWS the credentials are Cognito's): every request checks it, so disabling takes effect at once.
 */
import { type Department, departmentKinds, departmentSchema, roleOf, type StaffRole } from './departments.js';
import { DomainError } from './errors.js';
import { examTypes } from './exams.js';
import { isHenanCity } from './regions.js';
import * as z from './zod.js';

/** A staff account as recorded. */
export interface StaffAccountRecord {
  username: string;
  deptId: string;
  role: StaffRole;
  email?: string;
  disabled?: boolean;
  /**
   * the first password was set by hr: its owner chooses a new one at the first sign-in. Read by the
   * local sign-in only; on AWS, Cognito keeps the same state itself (FORCE_CHANGE_PASSWORD).
   */
  mustChangePassword?: boolean;
  /** a name reserved by a creation still under way: nobody signs in with it */
  pending?: boolean;
  /** when another hr member last reset its authenticator (it binds a new one at the next sign-in) */
  totpResetAt?: string;
  createdAt: string;
  createdBy: string;
  updatedAt?: string;
}

const examTypeCodes = examTypes.map((t) => t.code) as [string, ...string[]];

/** A new department: its id, name, kind, exam types (none for hr) and, for a municipal verifier, its city. */
export const departmentInputSchema = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,31}$/, '部门编号为2–32位小写字母、数字或连字符')),
    name: z
      .string()
      .check(z.trim(), z.minLength(2, '部门名称至少2个字'), z.maxLength(60, '部门名称不超过60个字')),
    kind: z.enum(departmentKinds, { error: '请选择部门类型' }),
    examTypes: z
      .array(z.enum(examTypeCodes, { error: '请从考试类别目录中选择' }))
      .check(z.maxLength(examTypeCodes.length, '考试类别有重复')),
    city: z.optional(
      z
        .string()
        .check(
          z.maxLength(6, '所在城市应为河南省地市代码，如 4101（郑州市）'),
          z.refine(isHenanCity, '所在城市应为河南省地市代码，如 4101（郑州市）'),
        ),
    ),
  })
  .check(
    z.superRefine((d, ctx) => {
      if (d.kind === 'hr' && d.examTypes.length)
        ctx.addIssue({
          code: 'custom',
          path: ['examTypes'],
          message: '人社部门不按考试类别划分，无需选择考试类别',
        });
      if (d.kind !== 'hr' && !d.examTypes.length)
        ctx.addIssue({
          code: 'custom',
          path: ['examTypes'],
          message: '请至少选择一个本部门负责核查的考试类别（R1）',
        });
      if (d.kind === 'municipalVerifier' && !d.city)
        ctx.addIssue({ code: 'custom', path: ['city'], message: '市级核查部门须填写所在城市（R1）' });
      if (d.kind !== 'municipalVerifier' && d.city)
        ctx.addIssue({ code: 'custom', path: ['city'], message: '只有市级核查部门按城市划分' });
      if (new Set(d.examTypes).size !== d.examTypes.length)
        ctx.addIssue({ code: 'custom', path: ['examTypes'], message: '考试类别有重复' });
    }),
  );
export type DepartmentInput = z.infer<typeof departmentInputSchema>;

/** The department record an input makes (checked once more against the record's own schema). */
export function departmentFrom(input: DepartmentInput): Department {
  return departmentSchema.parse(input);
}

/** The password policy (the same as the Cognito user pool's: infra/constructs/auth.ts). */
export const staffPasswordSchema = z.string().check(
  z.minLength(12, '密码至少12位'),
  z.maxLength(128, '密码不超过128位'),
  z.refine(
    (p) => /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p),
    '密码须同时包含大写字母、小写字母、数字和符号',
  ),
);

/** A new staff account: its username, department, optional e-mail, and its first password. */
export const staffAccountInputSchema = z.strictObject({
  username: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.regex(
        /^[a-z][a-z0-9._-]{2,31}$/,
        '用户名为3–32位，以字母开头，可含小写字母、数字、点、下划线和连字符',
      ),
    ),
  deptId: z.string().check(z.minLength(1, '请选择所属部门'), z.maxLength(64, '部门编号不超过64个字符')),
  email: z.optional(z.email('邮箱格式不正确').check(z.maxLength(254))),
  password: staffPasswordSchema,
});
export type StaffAccountInput = z.infer<typeof staffAccountInputSchema>;

/** A change to an account: another department, or disabled / enabled again. */
export const staffUpdateSchema = z
  .strictObject({
    deptId: z.optional(z.string().check(z.minLength(1), z.maxLength(64, '部门编号不超过64个字符'))),
    disabled: z.optional(z.boolean()),
    /** a lost authenticator: TOTP off, the account binds a new one at its next sign-in (AWS) */
    resetTotp: z.optional(z.literal(true)),
  })
  .check(
    z.refine(
      (u) => u.deptId !== undefined || u.disabled !== undefined || u.resetTotp !== undefined,
      '请说明要修改的内容：所属部门、停用状态或重置动态口令',
    ),
  );
export type StaffUpdate = z.infer<typeof staffUpdateSchema>;

/** The account record for a new account in a department (its role from the department's kind). */
export function newStaffAccount(
  input: StaffAccountInput,
  dept: Department,
  by: string,
  now: Date,
): StaffAccountRecord {
  return {
    username: input.username,
    deptId: dept.id,
    role: roleOf(dept.kind),
    ...(input.email ? { email: input.email } : {}),
    mustChangePassword: true,
    createdAt: now.toISOString(),
    createdBy: by,
  };
}

/**
 * The very first account of a deployed system, made by the stack itself (infra/constructs/first-admin.ts):
 * the provincial HR department and one hr account in it, whose temporary password the user pool e-mails.
 */
export const FIRST_HR_DEPARTMENT: Department = {
  id: 'hr',
  name: '河南省人力资源和社会保障厅',
  kind: 'hr',
  examTypes: [],
};
export const firstAdminSchema = z.strictObject({
  username: staffAccountInputSchema.shape.username,
  email: z.email('邮箱格式不正确').check(z.maxLength(254)),
});
export type FirstAdmin = z.infer<typeof firstAdminSchema>;

/** The first sign-in's new password: the policy, and not the password hr handed over. */
export const newPasswordSchema = z
  .strictObject({
    username: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1, '请输入用户名')),
    password: z.string().check(z.minLength(1, '请输入当前密码'), z.maxLength(200)),
    newPassword: staffPasswordSchema,
  })
  .check(
    z.refine((v) => v.newPassword !== v.password, {
      path: ['newPassword'],
      message: '新密码不能与当前密码相同',
    }),
  );

/**
 * An account after a change. hr cannot disable its own account or move it out of hr (no one would be
 * left to undo it); the role follows the new department.
 */
export function changedStaffAccount(
  a: StaffAccountRecord,
  u: StaffUpdate,
  dept: Department | undefined,
  actingUsername: string,
  now: Date,
): StaffAccountRecord {
  if (a.username === actingUsername && (u.disabled === true || (dept && dept.kind !== 'hr')))
    throw new DomainError('CONFLICT', '不能停用自己的账号，也不能把自己调出人社部门', {
      fields: [{ field: u.disabled === true ? 'disabled' : 'deptId', message: '不能对自己的账号执行此操作' }],
    });
  // another hr member resets a lost authenticator: whoever holds this session cannot drop its own MFA
  if (a.username === actingUsername && u.resetTotp)
    throw new DomainError('CONFLICT', '不能重置自己的动态口令，请另一位人社部门管理员操作', {
      fields: [{ field: 'resetTotp', message: '不能对自己的账号执行此操作' }],
    });
  return {
    ...a,
    ...(dept ? { deptId: dept.id, role: roleOf(dept.kind) } : {}),
    ...(u.disabled !== undefined ? { disabled: u.disabled } : {}),
    ...(u.resetTotp ? { totpResetAt: now.toISOString() } : {}),
    updatedAt: now.toISOString(),
  };
}

/** Whether a staff account lets its holder act now: it exists and is enabled (null), or why not. */
export function accountProblem(a: StaffAccountRecord | undefined): string | null {
  if (!a || a.pending) return '账号不存在，请联系人社部门';
  if (a.disabled) return '账号已停用，请联系人社部门';
  return null;
}
