/**
 * What hr hands over per passing candidate (R5) and what people type at login: every field's bounds
 * and the message that says how to fix it. Synthetic data only (ID numbers with valid checksums made
 * by syntheticIdNumber, made-up names and phone numbers).
 */
import { describe, expect, it } from 'vitest';
import {
  candidateInputSchema,
  candidateStatuses,
  chineseNameSchema,
  commitmentItems,
  idNumberSchema,
  itemsNeedingProof,
  mobileSchema,
  newCandidate,
  onlineCheckResults,
  sameName,
} from '../../functions/domain/candidate.js';
import { checkCharacter, idNumberMessages, syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  candidateStartSchema,
  candidateVerifySchema,
  staffLoginSchema,
} from '../../functions/domain/login.js';

const ID = syntheticIdNumber('410105', '1990-03-07', 1);
/** A synthetic number whose check character is x (written lower case by the person typing it). */
const idEndingInX = (() => {
  for (let seq = 0; seq < 100; seq++) {
    const id = syntheticIdNumber('410105', '1988-11-20', seq);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no synthetic number ending in X');
})();

/** The messages of a failed parse. */
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => {
  expect(r.success).toBe(false);
  return r.error?.issues.map((i) => i.message) ?? [];
};

describe('ID numbers (GB 11643) as typed', () => {
  it('a valid number is accepted; spaces are removed and a lower-case x is read as X', () => {
    expect(idNumberSchema.parse(ID)).toBe(ID);
    expect(idEndingInX).toMatch(/^\d{17}X$/);
    const typed = `${idEndingInX.slice(0, 6)} ${idEndingInX.slice(6, 14)} ${idEndingInX.slice(14).toLowerCase()}`;
    expect(idNumberSchema.parse(typed)).toBe(idEndingInX);
  });

  it('each problem gets its own message, as a custom issue', () => {
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(checkCharacter(ID.slice(0, 17))).toBe(ID[17]);
    for (const [raw, problem] of [
      [wrongCheck, 'checksum'],
      ['41010519900230901X', 'birthDate'],
      ['4101051990030790', 'format'],
      ['', 'format'],
    ] as const) {
      const r = idNumberSchema.safeParse(raw);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => ({ code: i.code, message: i.message }))).toEqual([
        { code: 'custom', message: idNumberMessages[problem] },
      ]);
    }
  });
});

describe('names', () => {
  it('a name is trimmed and has 2 to 30 characters', () => {
    expect(chineseNameSchema.parse('  王伟  ')).toBe('王伟');
    expect(chineseNameSchema.parse('王伟')).toBe('王伟');
    expect(messages(chineseNameSchema.safeParse('王'))).toEqual(['姓名至少2个字']);
    expect(messages(chineseNameSchema.safeParse(' 王 '))).toEqual(['姓名至少2个字']);
    expect(chineseNameSchema.parse('张'.repeat(30))).toBe('张'.repeat(30));
    expect(messages(chineseNameSchema.safeParse('张'.repeat(31)))).toEqual(['姓名过长']);
  });

  it('a name has only Han characters, Latin letters, spaces and interpuncts', () => {
    for (const name of ['阿依古丽·买买提', '欧阳 明', 'Li Ming', '玛丽．居里', 'A.B']) {
      expect(chineseNameSchema.parse(name)).toBe(name);
    }
    for (const name of ['王伟1', '1王伟', '王-伟', '王伟!', '<王伟>']) {
      expect(messages(chineseNameSchema.safeParse(name))).toEqual(['姓名只能包含汉字、字母和间隔号']);
    }
  });

  it('the same person is matched across exams with spaces ignored, and only then', () => {
    expect(sameName('王伟', '王伟')).toBe(true);
    expect(sameName('王 伟', '王伟')).toBe(true);
    expect(sameName('Li Ming', 'LiMing')).toBe(true);
    expect(sameName('王伟', '王 伟 ')).toBe(true);
    expect(sameName('王伟', '王炜')).toBe(false);
    expect(sameName('王伟', '王伟伟')).toBe(false);
    expect(sameName('Li Ming', 'Li Ning')).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('11 digits starting 13–19 are accepted', () => {
    for (const phone of ['13900000001', '15012345678', '19999999999'])
      expect(mobileSchema.parse(phone)).toBe(phone);
  });

  it('anything else is refused with a message saying what a mobile number looks like', () => {
    for (const phone of [
      '12900000001',
      '1390000000',
      '139000000012',
      'x13900000001',
      '13900000001x',
      '+8613900000001',
    ]) {
      expect(messages(mobileSchema.safeParse(phone))).toEqual(['手机号应为11位数字，以1开头']);
    }
  });
});

describe('R2/N2: commitment checks', () => {
  it('R2: the three items are education, major and work years; N2: results passed / failed / manual', () => {
    expect(commitmentItems).toEqual(['education', 'major', 'workYears']);
    expect(onlineCheckResults).toEqual(['passed', 'failed', 'manual']);
  });

  it('R2: every item not passed needs proof, in the items order', () => {
    expect(itemsNeedingProof({ education: 'passed', major: 'passed', workYears: 'passed' })).toEqual([]);
    expect(itemsNeedingProof({ education: 'manual', major: 'passed', workYears: 'passed' })).toEqual([
      'education',
    ]);
    expect(itemsNeedingProof({ education: 'failed', major: 'manual', workYears: 'failed' })).toEqual([
      'education',
      'major',
      'workYears',
    ]);
  });
});

describe('R5: the import row and the stored candidate', () => {
  const row = { idNumber: ID, name: ' 王伟 ', phone: '13900000001', city: '4101' };

  it('R5: a row is parsed with the name trimmed; commitment is optional', () => {
    expect(candidateInputSchema.parse(row)).toEqual({ ...row, name: '王伟' });
    const commitment = { education: 'passed', major: 'failed', workYears: 'manual' } as const;
    expect(candidateInputSchema.parse({ ...row, commitment })).toEqual({ ...row, name: '王伟', commitment });
  });

  it('R5: every bad field is named with its message', () => {
    const r = candidateInputSchema.safeParse({ idNumber: '123', name: '王', phone: '139', city: '1101' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['idNumber', idNumberMessages.format],
      ['name', '姓名至少2个字'],
      ['phone', '手机号应为11位数字，以1开头'],
      ['city', '所在城市应为河南省地市代码，如 4101（郑州市）'],
    ]);
  });

  it('R5: a new candidate starts verifying at version 1, created and updated now', () => {
    const input = candidateInputSchema.parse(row);
    const now = new Date('2024-09-24T02:00:00Z');
    const c = newCandidate(input, { id: 'exam-2024-jzs1', examType: 'JZS1' }, 'p-0001', now);
    expect(c).toEqual({
      personId: 'p-0001',
      examId: 'exam-2024-jzs1',
      examType: 'JZS1',
      name: '王伟',
      idNumber: ID,
      phone: '13900000001',
      city: '4101',
      status: 'verifying',
      version: 1,
      createdAt: '2024-09-24T02:00:00.000Z',
      updatedAt: '2024-09-24T02:00:00.000Z',
    });
    expect('commitment' in c).toBe(false);
    expect(candidateStatuses).toContain(c.status);
  });

  it('R2: a new candidate carries the commitment checks it was handed over with', () => {
    const commitment = { education: 'passed', major: 'failed', workYears: 'manual' } as const;
    const input = candidateInputSchema.parse({ ...row, commitment });
    const c = newCandidate(input, { id: 'exam-2024-jzs1', examType: 'JZS1' }, 'p-0002', new Date(0));
    expect(c.commitment).toEqual(commitment);
    expect(c.status).toBe('verifying');
  });

  it('the lifecycle statuses are the glossary words', () => {
    expect(candidateStatuses).toEqual([
      'verifying',
      'qualified',
      'unqualified',
      'pending',
      'forfeited',
      'revoked',
    ]);
  });
});

describe('login forms', () => {
  it('staff: the user name is trimmed, 1 to 64 characters; the password 1 to 200, kept as typed', () => {
    expect(staffLoginSchema.parse({ username: '  hr-admin ', password: ' s3cret ' })).toEqual({
      username: 'hr-admin',
      password: ' s3cret ',
    });
    expect(messages(staffLoginSchema.safeParse({ username: '   ', password: 'x' }))).toEqual([
      '请输入用户名',
    ]);
    expect(messages(staffLoginSchema.safeParse({ username: 'hr', password: '' }))).toEqual(['请输入密码']);
    expect(staffLoginSchema.safeParse({ username: 'a', password: 'p' }).success).toBe(true);
    expect(staffLoginSchema.safeParse({ username: 'u'.repeat(64), password: 'p'.repeat(200) }).success).toBe(
      true,
    );
    expect(staffLoginSchema.safeParse({ username: 'u'.repeat(65), password: 'p' }).success).toBe(false);
    expect(staffLoginSchema.safeParse({ username: 'u', password: 'p'.repeat(201) }).success).toBe(false);
    expect(staffLoginSchema.safeParse({ username: 'u' }).success).toBe(false);
  });

  it('candidate start: an ID number and a name, both checked and normalized', () => {
    expect(candidateStartSchema.parse({ idNumber: ` ${ID} `, name: ' 王伟 ' })).toEqual({
      idNumber: ID,
      name: '王伟',
    });
    expect(candidateStartSchema.safeParse({ idNumber: ID }).success).toBe(false);
    expect(candidateStartSchema.safeParse({ name: '王伟' }).success).toBe(false);
    expect(messages(candidateStartSchema.safeParse({ idNumber: ID, name: '王' }))).toEqual(['姓名至少2个字']);
  });

  it('candidate verify: the attempt is 24 URL-safe characters; the code exactly 6 digits (spaces around it removed)', () => {
    const attempt = 'aZ09_-'.repeat(4);
    expect(candidateVerifySchema.parse({ attempt, code: ' 012345 ' })).toEqual({ attempt, code: '012345' });
    for (const code of ['12345', '1234567', 'a12345', '12345a', '１２３４５６', '123 456', '']) {
      expect(messages(candidateVerifySchema.safeParse({ attempt, code }))).toEqual(['验证码应为6位数字']);
    }
    for (const bad of ['A'.repeat(23), 'A'.repeat(25), `${'A'.repeat(23)}.`, '../../etc/passwd/x/y/z', ''])
      expect(messages(candidateVerifySchema.safeParse({ attempt: bad, code: '123456' }))).toEqual([
        '登录请求无效，请重新获取验证码',
      ]);
    expect(candidateVerifySchema.safeParse({ attempt }).success).toBe(false);
  });
});
