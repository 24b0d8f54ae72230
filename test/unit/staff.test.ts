/**
 * Departments and staff accounts administered by hr (functions/domain/staff.ts): what a department and
 * an account are made of, the password policy, what a change may be, the record it makes, and whether
 * an account lets its holder act. Synthetic data only.
 */
import { describe, expect, it } from 'vitest';
import type { Department } from '../../functions/domain/departments.js';
import { DomainError } from '../../functions/domain/errors.js';
import { examTypes } from '../../functions/domain/exams.js';
import {
  accountProblem,
  changedStaffAccount,
  type DepartmentInput,
  departmentFrom,
  departmentInputSchema,
  FIRST_HR_DEPARTMENT,
  firstAdminSchema,
  newPasswordSchema,
  newStaffAccount,
  type StaffAccountInput,
  type StaffAccountRecord,
  staffAccountInputSchema,
  staffPasswordSchema,
  staffUpdateSchema,
} from '../../functions/domain/staff.js';

type Result = { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
const issuesOf = (r: Result) =>
  r.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

// ---------------------------------------------------------------------------------------------------
// departmentInputSchema

const provincial: DepartmentInput = {
  id: 'test-prov',
  name: '测试省级核查部门',
  kind: 'provincialVerifier',
  examTypes: ['JZS2'],
};

const parseDept = (over: Record<string, unknown>) =>
  departmentInputSchema.safeParse({ ...provincial, ...over });
const deptOk = (over: Record<string, unknown>) => parseDept(over).success;
const deptIssues = (over: Record<string, unknown>) => issuesOf(parseDept(over));

const ID_MSG = '部门编号为2–32位小写字母、数字或连字符';
const CITY_MSG = '所在城市应为河南省地市代码，如 4101（郑州市）';

describe('departmentInputSchema', () => {
  it('R1: a provincial verifier with its exam types', () => {
    expect(departmentInputSchema.parse(provincial)).toStrictEqual(provincial);
  });

  it('the id is 2 to 32 lower-case letters, digits or hyphens, not starting with a hyphen', () => {
    for (const id of [
      'ab',
      'a1',
      '0a',
      '9z',
      'z9',
      'a-',
      'a-b',
      'abz',
      'a09',
      'x'.repeat(32),
      `0${'-'.repeat(31)}`,
    ])
      expect(deptOk({ id }), id).toBe(true);
    for (const id of [
      'a',
      '',
      'x'.repeat(33),
      '-ab',
      '_ab',
      'Ab',
      'aB',
      'a_b',
      'a.b',
      'a b',
      ' ab',
      'ab ',
      'ab\n',
      '中文',
      'ab!',
      '!ab',
    ])
      expect(deptIssues({ id }), id).toEqual([{ path: 'id', message: ID_MSG }]);
    expect(deptOk({ id: undefined })).toBe(false);
  });

  it('the name is 2 to 60 characters, counted after trimming, and kept trimmed', () => {
    expect(deptOk({ name: 'ab' })).toBe(true);
    expect(deptOk({ name: '部门' })).toBe(true);
    expect(deptIssues({ name: 'a' })).toEqual([{ path: 'name', message: '部门名称至少2个字' }]);
    expect(deptIssues({ name: '  部  ' })).toEqual([{ path: 'name', message: '部门名称至少2个字' }]);
    expect(deptIssues({ name: '' })).toEqual([{ path: 'name', message: '部门名称至少2个字' }]);
    expect(deptOk({ name: '部'.repeat(60) })).toBe(true);
    expect(deptIssues({ name: '部'.repeat(61) })).toEqual([
      { path: 'name', message: '部门名称不超过60个字' },
    ]);
    expect(parseDept({ name: '  测试部门  ' }).data?.name).toBe('测试部门');
    expect(parseDept({ name: ` ${'部'.repeat(60)} ` }).data?.name).toBe('部'.repeat(60));
  });

  it('R1: the kind is one of the four department kinds', () => {
    expect(deptOk({ kind: 'provincialVerifier' })).toBe(true);
    expect(deptOk({ kind: 'association' })).toBe(true);
    expect(deptOk({ kind: 'municipalVerifier', city: '4101' })).toBe(true);
    expect(deptOk({ kind: 'hr', examTypes: [] })).toBe(true);
    for (const kind of ['verifier', 'HR', '', undefined, 1])
      expect(deptIssues({ kind })).toContainEqual({ path: 'kind', message: '请选择部门类型' });
    expect(deptIssues({ kind: 'verifier' })).toEqual([{ path: 'kind', message: '请选择部门类型' }]);
  });

  it('R1: exam types come from the catalogue, any number of them up to all, with no repeats', () => {
    const all = examTypes.map((t) => t.code);
    expect(all.length).toBe(5);
    for (const code of all) expect(deptOk({ examTypes: [code] }), code).toBe(true);
    expect(parseDept({ examTypes: all }).data?.examTypes).toEqual(all);
    for (const bad of ['jzs2', 'ZZZ9', '', ' JZS2'])
      expect(deptIssues({ examTypes: [bad] })).toEqual([
        { path: 'examTypes.0', message: '请从考试类别目录中选择' },
      ]);
    expect(deptIssues({ examTypes: ['JZS2', 'JZS2'] })).toEqual([
      { path: 'examTypes', message: '考试类别有重复' },
    ]);
    expect(deptIssues({ examTypes: ['JZS1', 'JZS2', 'JZS1'] })).toEqual([
      { path: 'examTypes', message: '考试类别有重复' },
    ]);
    expect(deptIssues({ examTypes: [...all, 'JZS1'] })).toEqual([
      { path: 'examTypes', message: '考试类别有重复' },
    ]);
    expect(deptOk({ examTypes: undefined })).toBe(false);
    expect(deptOk({ examTypes: 'JZS2' })).toBe(false);
  });

  it('R1: every verifier and association has at least one exam type', () => {
    const none = [{ path: 'examTypes', message: '请至少选择一个本部门负责核查的考试类别（R1）' }];
    expect(deptIssues({ examTypes: [] })).toEqual(none);
    expect(deptIssues({ kind: 'association', examTypes: [] })).toEqual(none);
    expect(deptIssues({ kind: 'municipalVerifier', city: '4101', examTypes: [] })).toEqual(none);
  });

  it('R24: hr supervises all exam types and is not divided by them', () => {
    const hr = { id: 'test-hr', name: '测试人社部门', kind: 'hr', examTypes: [] };
    expect(departmentInputSchema.parse(hr)).toStrictEqual(hr);
    expect(deptIssues({ kind: 'hr', examTypes: ['JZS2'] })).toEqual([
      { path: 'examTypes', message: '人社部门不按考试类别划分，无需选择考试类别' },
    ]);
    expect(deptIssues({ kind: 'hr', examTypes: ['JZS2', 'JZS2'] })).toEqual([
      { path: 'examTypes', message: '人社部门不按考试类别划分，无需选择考试类别' },
      { path: 'examTypes', message: '考试类别有重复' },
    ]);
  });

  it('R1: a municipal verifier has its Henan city, and only a municipal verifier has one', () => {
    const municipal = { ...provincial, kind: 'municipalVerifier', city: '4101' };
    expect(departmentInputSchema.parse(municipal)).toStrictEqual(municipal);
    expect(deptOk({ kind: 'municipalVerifier', city: '4117' })).toBe(true);
    expect(deptIssues({ kind: 'municipalVerifier' })).toEqual([
      { path: 'city', message: '市级核查部门须填写所在城市（R1）' },
    ]);
    expect(deptIssues({ kind: 'municipalVerifier', city: '1101' })).toEqual([
      { path: 'city', message: CITY_MSG },
    ]);
    expect(deptIssues({ kind: 'municipalVerifier', city: '41' })).toEqual([
      { path: 'city', message: CITY_MSG },
    ]);
    expect(deptIssues({ kind: 'municipalVerifier', city: '' })).toEqual([
      { path: 'city', message: CITY_MSG },
      { path: 'city', message: '市级核查部门须填写所在城市（R1）' },
    ]);
    const noCity = [{ path: 'city', message: '只有市级核查部门按城市划分' }];
    expect(deptIssues({ city: '4101' })).toEqual(noCity);
    expect(deptIssues({ kind: 'association', city: '4101' })).toEqual(noCity);
    expect(deptIssues({ kind: 'hr', examTypes: [], city: '4101' })).toEqual(noCity);
    expect(parseDept({ city: undefined }).success).toBe(true);
  });

  it('each rule between fields is reported as a custom issue on its field', () => {
    const codes = (over: Record<string, unknown>) =>
      parseDept(over).error?.issues.map((i) => `${i.code}:${i.path.join('.')}`);
    expect(codes({ kind: 'hr', examTypes: ['JZS2', 'JZS2'] })).toEqual([
      'custom:examTypes',
      'custom:examTypes',
    ]);
    expect(codes({ examTypes: [] })).toEqual(['custom:examTypes']);
    expect(codes({ kind: 'municipalVerifier' })).toEqual(['custom:city']);
    expect(codes({ city: '4101' })).toEqual(['custom:city']);
  });

  it('takes no other fields', () => {
    expect(deptIssues({ extra: 1 })).toEqual([{ path: '', message: '出现未知的键(key): "extra"' }]);
  });
});

describe('departmentFrom', () => {
  it('R1: the department record an input makes', () => {
    const m = departmentInputSchema.parse({ ...provincial, kind: 'municipalVerifier', city: '4103' });
    expect(departmentFrom(m)).toStrictEqual({
      id: 'test-prov',
      name: '测试省级核查部门',
      kind: 'municipalVerifier',
      examTypes: ['JZS2'],
      city: '4103',
    });
    expect(departmentFrom(provincial)).toStrictEqual(provincial);
  });

  it('R1: is checked again against the record schema', () => {
    expect(() => departmentFrom({ ...provincial, kind: 'municipalVerifier' })).toThrow(
      '市级核查部门须填写所在城市',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// staffPasswordSchema

const PW_CLASSES = '密码须同时包含大写字母、小写字母、数字和符号';
const pwIssues = (p: unknown) => issuesOf(staffPasswordSchema.safeParse(p)).map((i) => i.message);

describe('staffPasswordSchema', () => {
  it('12 to 128 characters', () => {
    expect(staffPasswordSchema.parse('Abcdefgh12!x')).toBe('Abcdefgh12!x');
    expect(pwIssues('Abcdefgh12!')).toEqual(['密码至少12位']);
    expect(pwIssues(`Aa1!${'x'.repeat(124)}`)).toEqual([]);
    expect(pwIssues(`Aa1!${'x'.repeat(125)}`)).toEqual(['密码不超过128位']);
    expect(pwIssues('')).toEqual(['密码至少12位', PW_CLASSES]);
    expect(pwIssues(12345678901234)).toHaveLength(1);
  });

  it('is kept as entered (no trimming)', () => {
    expect(staffPasswordSchema.parse(' Abcdefgh12! ')).toBe(' Abcdefgh12! ');
  });

  it('needs a lower-case letter, an upper-case letter, a digit and a symbol', () => {
    expect(pwIssues('ABCDEFGH12!X')).toEqual([PW_CLASSES]); // no lower-case letter
    expect(pwIssues('abcdefgh12!x')).toEqual([PW_CLASSES]); // no upper-case letter
    expect(pwIssues('Abcdefghij!x')).toEqual([PW_CLASSES]); // no digit
    expect(pwIssues('AZaz09AZaz09')).toEqual([PW_CLASSES]); // no symbol
    expect(pwIssues('AZazAZazAZaz')).toEqual([PW_CLASSES]); // letters only
    expect(pwIssues('!@#$%^&*()_+')).toEqual([PW_CLASSES]); // symbols only
    expect(pwIssues('123456789012')).toEqual([PW_CLASSES]); // digits only
  });

  it('every letter and digit counts for its class, anything else is a symbol', () => {
    for (const p of [
      'a1!AAAAAAAAA',
      'z1!AAAAAAAAA',
      'A1!aaaaaaaaa',
      'Z1!aaaaaaaaa',
      'Aa0!!!!!!!!!',
      'Aa9!!!!!!!!!',
      'Aa1 bbbbbbbb',
      'Aa1中bbbbbbbb',
      'Aa1-bbbbbbbb',
      'Aa1~bbbbbbbb',
      'Aa1@bbbbbbbb',
      'Aa1[bbbbbbbb',
      'Aa1`bbbbbbbb',
      'Aa1{bbbbbbbb',
      'Aa1/bbbbbbbb',
      'Aa1:bbbbbbbb',
    ])
      expect(pwIssues(p), p).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// staffAccountInputSchema

const account: StaffAccountInput = { username: 'test.user', deptId: 'test-prov', password: 'Abcdefgh12!x' };
const parseAcc = (over: Record<string, unknown>) =>
  staffAccountInputSchema.safeParse({ ...account, ...over });
const accOk = (over: Record<string, unknown>) => parseAcc(over).success;
const accIssues = (over: Record<string, unknown>) => issuesOf(parseAcc(over));
const USER_MSG = '用户名为3–32位，以字母开头，可含小写字母、数字、点、下划线和连字符';

describe('staffAccountInputSchema', () => {
  it('a username, a department, an optional e-mail and the first password', () => {
    expect(staffAccountInputSchema.parse(account)).toStrictEqual(account);
    const withMail = { ...account, email: 'test.user@example.com' };
    expect(staffAccountInputSchema.parse(withMail)).toStrictEqual(withMail);
  });

  it('the username is trimmed and lower-cased', () => {
    expect(parseAcc({ username: '  Test.USER  ' }).data?.username).toBe('test.user');
    expect(parseAcc({ username: 'ABC' }).data?.username).toBe('abc');
    expect(parseAcc({ username: ` ${'Z'.repeat(32)} ` }).data?.username).toBe('z'.repeat(32));
  });

  it('the username is 3 to 32 characters: a letter, then letters, digits, dots, underscores or hyphens', () => {
    for (const username of [
      'abc',
      'a00',
      'z99',
      'a.b',
      'a_b',
      'a-b',
      'aaz',
      'a09',
      'abc.',
      'x'.repeat(32),
      `a${'9'.repeat(31)}`,
    ])
      expect(accOk({ username }), username).toBe(true);
    for (const username of [
      'ab',
      '',
      '   ',
      'x'.repeat(33),
      '1abc',
      '.abc',
      '_abc',
      '-abc',
      'a+b',
      'a b',
      'ab!',
      'abc+',
      '+abc',
      'a@b',
      'ab中',
      '中ab',
      'ab\nc',
    ])
      expect(accIssues({ username }), username).toEqual([{ path: 'username', message: USER_MSG }]);
    expect(accOk({ username: undefined })).toBe(false);
  });

  it('a department is chosen', () => {
    expect(accOk({ deptId: 'x' })).toBe(true);
    expect(accIssues({ deptId: '' })).toEqual([{ path: 'deptId', message: '请选择所属部门' }]);
    expect(accOk({ deptId: undefined })).toBe(false);
  });

  it('the e-mail, when given, is an address of at most 254 characters', () => {
    expect(accOk({ email: 'a@example.cn' })).toBe(true);
    expect(accOk({ email: undefined })).toBe(true);
    expect(accIssues({ email: 'not-an-address' })).toEqual([{ path: 'email', message: '邮箱格式不正确' }]);
    expect(accIssues({ email: '' })).toEqual([{ path: 'email', message: '邮箱格式不正确' }]);
    const domain = (n: number) => `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(n)}.cn`;
    const at254 = `${'a'.repeat(64)}@${domain(58)}`;
    expect(at254).toHaveLength(254);
    expect(accOk({ email: at254 })).toBe(true);
    expect(accIssues({ email: `${'a'.repeat(64)}@${domain(59)}` })).toEqual([
      { path: 'email', message: '邮箱格式不正确' },
    ]);
  });

  it('the password follows the policy', () => {
    expect(accIssues({ password: 'short' })).toEqual([
      { path: 'password', message: '密码至少12位' },
      { path: 'password', message: PW_CLASSES },
    ]);
    expect(accIssues({ password: 'abcdefgh12!x' })).toEqual([{ path: 'password', message: PW_CLASSES }]);
  });

  it('takes no other fields (no role: it follows from the department)', () => {
    expect(accIssues({ role: 'hr' })).toEqual([{ path: '', message: '出现未知的键(key): "role"' }]);
  });
});

// ---------------------------------------------------------------------------------------------------
// staffUpdateSchema

const updIssues = (u: unknown) => issuesOf(staffUpdateSchema.safeParse(u));

describe('staffUpdateSchema', () => {
  it('another department, disabled or enabled, or both', () => {
    expect(staffUpdateSchema.parse({ deptId: 'x' })).toStrictEqual({ deptId: 'x' });
    expect(staffUpdateSchema.parse({ disabled: true })).toStrictEqual({ disabled: true });
    expect(staffUpdateSchema.parse({ disabled: false })).toStrictEqual({ disabled: false });
    expect(staffUpdateSchema.parse({ deptId: 'x', disabled: false })).toStrictEqual({
      deptId: 'x',
      disabled: false,
    });
  });

  it('at least one of them', () => {
    const nothing = [{ path: '', message: '请说明要修改的内容：所属部门、停用状态或重置动态口令' }];
    expect(updIssues({})).toEqual(nothing);
    expect(updIssues({ deptId: undefined, disabled: undefined })).toEqual(nothing);
  });

  it('a reset of the authenticator is `resetTotp: true`, and only that', () => {
    expect(staffUpdateSchema.parse({ resetTotp: true })).toStrictEqual({ resetTotp: true });
    expect(updIssues({ resetTotp: false }).map((i) => i.path)).toEqual(['resetTotp']);
    expect(updIssues({ resetTotp: 'yes' }).map((i) => i.path)).toEqual(['resetTotp']);
  });

  it('an empty department, a non-boolean or another field is refused', () => {
    expect(updIssues({ deptId: '' }).map((i) => i.path)).toEqual(['deptId']);
    expect(updIssues({ disabled: 'true' }).map((i) => i.path)).toEqual(['disabled']);
    expect(updIssues({ disabled: true, role: 'hr' })).toEqual([
      { path: '', message: '出现未知的键(key): "role"' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// newStaffAccount / changedStaffAccount

const NOW = new Date('2026-12-01T02:03:04.005Z');
const LATER = new Date('2026-12-02T00:00:00.000Z');
const dept = (kind: Department['kind'], id = `test-${kind}`): Department => ({
  id,
  name: `测试${kind}`,
  kind,
  examTypes: kind === 'hr' ? [] : ['JZS2'],
  ...(kind === 'municipalVerifier' ? { city: '4101' } : {}),
});

describe('newStaffAccount', () => {
  it('R1: the role follows from the department kind', () => {
    expect(newStaffAccount(account, dept('provincialVerifier'), 'hr:test.admin', NOW)).toStrictEqual({
      username: 'test.user',
      deptId: 'test-provincialVerifier',
      role: 'verifier',
      mustChangePassword: true,
      createdAt: '2026-12-01T02:03:04.005Z',
      createdBy: 'hr:test.admin',
    });
    expect(newStaffAccount(account, dept('municipalVerifier'), 'x', NOW).role).toBe('verifier');
    expect(newStaffAccount(account, dept('association'), 'x', NOW).role).toBe('association');
  });

  it('R24: an account in an hr department is an hr account', () => {
    const a = newStaffAccount(account, dept('hr'), 'x', NOW);
    expect([a.role, a.deptId]).toEqual(['hr', 'test-hr']);
  });

  it('the department is the one given, whatever the input says; the e-mail kept when given', () => {
    const a = newStaffAccount(
      { ...account, deptId: 'other', email: 'u@example.cn' },
      dept('association', 'test-assoc'),
      'x',
      NOW,
    );
    expect(a).toStrictEqual({
      username: 'test.user',
      deptId: 'test-assoc',
      role: 'association',
      email: 'u@example.cn',
      mustChangePassword: true,
      createdAt: '2026-12-01T02:03:04.005Z',
      createdBy: 'x',
    });
    expect('email' in newStaffAccount({ ...account, email: '' }, dept('hr'), 'x', NOW)).toBe(false);
    expect('password' in a).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// newPasswordSchema

const firstSignIn = { username: 'test.user', password: 'Handed0ver!pw', newPassword: 'Chosen1!secret' };
const npIssues = (over: Record<string, unknown>) =>
  issuesOf(newPasswordSchema.safeParse({ ...firstSignIn, ...over }));

describe('newPasswordSchema', () => {
  it('the username (trimmed, lower-cased), the password hr handed over, and a new one', () => {
    expect(newPasswordSchema.parse(firstSignIn)).toStrictEqual(firstSignIn);
    expect(newPasswordSchema.parse({ ...firstSignIn, username: '  Test.USER ' }).username).toBe('test.user');
  });

  it('the username is required', () => {
    expect(npIssues({ username: '' })).toEqual([{ path: 'username', message: '请输入用户名' }]);
    expect(npIssues({ username: '   ' })).toEqual([{ path: 'username', message: '请输入用户名' }]);
    expect(npIssues({ username: 'a' })).toEqual([]);
  });

  it('the current password is 1 to 200 characters, kept as entered', () => {
    expect(npIssues({ password: '' })).toEqual([{ path: 'password', message: '请输入当前密码' }]);
    expect(npIssues({ password: 'p' })).toEqual([]);
    expect(npIssues({ password: 'p'.repeat(200) })).toEqual([]);
    expect(npIssues({ password: 'p'.repeat(201) }).map((i) => i.path)).toEqual(['password']);
    expect(newPasswordSchema.parse({ ...firstSignIn, password: ' p ' }).password).toBe(' p ');
  });

  it('the new password follows the policy and is not the one handed over', () => {
    expect(npIssues({ newPassword: 'Chosen1!' })).toEqual([{ path: 'newPassword', message: '密码至少12位' }]);
    expect(npIssues({ newPassword: 'chosen1!secret' })).toEqual([
      { path: 'newPassword', message: PW_CLASSES },
    ]);
    expect(npIssues({ newPassword: firstSignIn.password })).toEqual([
      { path: 'newPassword', message: '新密码不能与当前密码相同' },
    ]);
    expect(npIssues({ newPassword: 'Handed0ver!pW' })).toEqual([]);
  });

  it('takes no other fields', () => {
    expect(npIssues({ extra: 1 })).toEqual([{ path: '', message: '出现未知的键(key): "extra"' }]);
  });
});

const record = (over: Partial<StaffAccountRecord> = {}): StaffAccountRecord => ({
  username: 'test.verifier',
  deptId: 'test-provincialVerifier',
  role: 'verifier',
  createdAt: NOW.toISOString(),
  createdBy: 'hr:test.admin',
  ...over,
});
const hrSelf = record({ username: 'test.admin', deptId: 'test-hr', role: 'hr' });

const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('changedStaffAccount', () => {
  it('R1: moved to another department, the role follows it', () => {
    expect(
      changedStaffAccount(record(), { deptId: 'test-association' }, dept('association'), 'test.admin', LATER),
    ).toStrictEqual({
      ...record(),
      deptId: 'test-association',
      role: 'association',
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(changedStaffAccount(record(), { deptId: 'test-hr' }, dept('hr'), 'test.admin', LATER).role).toBe(
      'hr',
    );
    const m = changedStaffAccount(
      record({ role: 'association' }),
      { deptId: 'm' },
      dept('municipalVerifier'),
      'a',
      LATER,
    );
    expect([m.deptId, m.role]).toEqual(['test-municipalVerifier', 'verifier']);
  });

  it('R24: hr disables and enables an account again; nothing else changes', () => {
    const off = changedStaffAccount(record(), { disabled: true }, undefined, 'test.admin', LATER);
    expect(off).toStrictEqual({ ...record(), disabled: true, updatedAt: '2026-12-02T00:00:00.000Z' });
    const on = changedStaffAccount(off, { disabled: false }, undefined, 'test.admin', NOW);
    expect(on).toStrictEqual({ ...record(), disabled: false, updatedAt: '2026-12-01T02:03:04.005Z' });
  });

  it("R1: hr resets another account's authenticator: the time is kept, nothing else changes; never its own", () => {
    const reset = changedStaffAccount(record(), { resetTotp: true }, undefined, 'test.admin', LATER);
    expect(reset).toStrictEqual({
      ...record(),
      totpResetAt: '2026-12-02T00:00:00.000Z',
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    const own = record({ username: 'test.admin' });
    let caught: unknown;
    try {
      changedStaffAccount(own, { resetTotp: true }, undefined, 'test.admin', LATER);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('CONFLICT');
    expect((caught as DomainError).message).toBe('不能重置自己的动态口令，请另一位人社部门管理员操作');
    expect((caught as DomainError).details?.fields).toEqual([
      { field: 'resetTotp', message: '不能对自己的账号执行此操作' },
    ]);
    // disabling or moving oneself is refused on its own field, not on resetTotp
    expect(
      changedStaffAccount(own, { disabled: false }, undefined, 'test.admin', LATER).totpResetAt,
    ).toBeUndefined();
  });

  it('a move keeps the disabled state, and a (re-)enabling keeps the department', () => {
    const disabled = record({ disabled: true, mustChangePassword: true, updatedAt: NOW.toISOString() });
    expect(
      changedStaffAccount(disabled, { deptId: 'test-hr' }, dept('hr'), 'test.admin', LATER),
    ).toStrictEqual({
      ...disabled,
      deptId: 'test-hr',
      role: 'hr',
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(
      changedStaffAccount(record(), { deptId: 'test-hr', disabled: true }, dept('hr'), 'test.admin', LATER),
    ).toStrictEqual({
      ...record(),
      deptId: 'test-hr',
      role: 'hr',
      disabled: true,
      updatedAt: LATER.toISOString(),
    });
  });

  it('R24: hr may not disable its own account', () => {
    const e = refusal(() => changedStaffAccount(hrSelf, { disabled: true }, undefined, 'test.admin', LATER));
    expect([e.code, e.status, e.message]).toEqual([
      'CONFLICT',
      409,
      '不能停用自己的账号，也不能把自己调出人社部门',
    ]);
    expect(e.details).toStrictEqual({
      fields: [{ field: 'disabled', message: '不能对自己的账号执行此操作' }],
    });
    const both = refusal(() =>
      changedStaffAccount(
        hrSelf,
        { deptId: 'v', disabled: true },
        dept('provincialVerifier'),
        'test.admin',
        LATER,
      ),
    );
    expect(both.details?.fields).toEqual([{ field: 'disabled', message: '不能对自己的账号执行此操作' }]);
  });

  it('R24: hr may not move its own account out of hr', () => {
    for (const kind of ['provincialVerifier', 'municipalVerifier', 'association'] as const) {
      const e = refusal(() => changedStaffAccount(hrSelf, { deptId: 'v' }, dept(kind), 'test.admin', LATER));
      expect(e.code).toBe('CONFLICT');
      expect(e.details).toStrictEqual({
        fields: [{ field: 'deptId', message: '不能对自己的账号执行此操作' }],
      });
    }
    const e = refusal(() =>
      changedStaffAccount(hrSelf, { deptId: 'v', disabled: false }, dept('association'), 'test.admin', LATER),
    );
    expect(e.details?.fields).toEqual([{ field: 'deptId', message: '不能对自己的账号执行此操作' }]);
  });

  it('R24: hr may move itself to another hr department, enable itself, and change other hr accounts', () => {
    expect(
      changedStaffAccount(hrSelf, { deptId: 'test-hr2' }, dept('hr', 'test-hr2'), 'test.admin', LATER),
    ).toStrictEqual({ ...hrSelf, deptId: 'test-hr2', role: 'hr', updatedAt: LATER.toISOString() });
    expect(changedStaffAccount(hrSelf, { disabled: false }, undefined, 'test.admin', LATER)).toStrictEqual({
      ...hrSelf,
      disabled: false,
      updatedAt: LATER.toISOString(),
    });
    const other = { ...hrSelf, username: 'test.admin2' };
    expect(changedStaffAccount(other, { disabled: true }, undefined, 'test.admin', LATER).disabled).toBe(
      true,
    );
    expect(
      changedStaffAccount(other, { deptId: 'v' }, dept('provincialVerifier'), 'test.admin', LATER).role,
    ).toBe('verifier');
  });
});

describe('accountProblem', () => {
  it('an account that is missing or disabled does not let its holder act; an enabled one does', () => {
    expect(accountProblem(undefined)).toBe('账号不存在，请联系人社部门');
    expect(accountProblem(record({ disabled: true }))).toBe('账号已停用，请联系人社部门');
    expect(accountProblem(record())).toBeNull();
    expect(accountProblem(record({ disabled: false }))).toBeNull();
  });

  it('a name reserved by a creation still under way is no account yet', () => {
    expect(accountProblem(record({ pending: true }))).toBe('账号不存在，请联系人社部门');
    expect(accountProblem(record({ pending: false }))).toBeNull();
  });
});

describe("the deployment's first account", () => {
  it('the provincial HR department, an hr kind with no exam types of its own', () => {
    expect(FIRST_HR_DEPARTMENT).toStrictEqual({
      id: 'hr',
      name: '河南省人力资源和社会保障厅',
      kind: 'hr',
      examTypes: [],
    });
  });

  it('a username as for any account and an e-mail address, nothing else', () => {
    expect(firstAdminSchema.parse({ username: ' HR.Admin ', email: 'hr@example.gov.cn' })).toStrictEqual({
      username: 'hr.admin',
      email: 'hr@example.gov.cn',
    });
    const bad = firstAdminSchema.safeParse({ username: 'hr.admin', email: 'no-at-sign' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual(['邮箱格式不正确']);
    expect(firstAdminSchema.safeParse({ username: 'x', email: 'hr@example.gov.cn' }).success).toBe(false);
    expect(firstAdminSchema.safeParse({ username: 'hr.admin' }).success).toBe(false);
    expect(firstAdminSchema.safeParse({ username: 'hr.admin', email: 'a@b.cn', role: 'hr' }).success).toBe(
      false,
    );
    expect(
      firstAdminSchema.safeParse({ username: 'hr.admin', email: `${'a'.repeat(250)}@b.cn` }).success,
    ).toBe(false);
  });
});
