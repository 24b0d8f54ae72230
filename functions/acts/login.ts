/**
 * Signing in. Candidates: ID number + name + a one-time SMS code — the same acts run behind the local
 * login endpoints and behind Cognito's custom-auth triggers on AWS, so the rules (functions/domain/otp.ts)
 * and the stored state are the same in both. Staff in local mode: username + password (on AWS, Cognito).
 */
import { keys } from '../data/tables.js';
import { type Candidate, sameName } from '../domain/candidate.js';
import { DomainError } from '../domain/errors.js';
import { afterWrongPassword, assertSignInOpen, attemptAllowed, STAFF_LOCK_MS } from '../domain/login.js';
import { maskPhone } from '../domain/masking.js';
import { issueCode, OTP_DIGITS, OTP_TTL_MS, verifyCode } from '../domain/otp.js';
import { smsMessage } from '../domain/outbox.js';
import { accountProblem } from '../domain/staff.js';
import { notices } from '../domain/wording.js';
import { personRecords } from '../lib/candidates.js';
import { getDepartment, getStaffAccount, type StaffAccount } from '../lib/catalog.js';
import { now as clockNow } from '../lib/clock.js';
import { tableName, transact } from '../lib/db.js';
import { hashOtp, newId, otpCode, personIdOf } from '../lib/ids.js';
import { clearGuard, countAttempt, lockUsername, otpPut, readGuard, readOtp } from '../lib/login-codes.js';

const noMatch = () =>
  new DomainError('NOT_FOUND', '未找到与该身份证号和姓名相符的合格考生记录，请核对后重试', {
    fields: [{ field: 'idNumber', message: '身份证号与姓名不符或不在合格人员名单中' }],
  });

/**
 * The passing candidate with this ID number and name: their person id and one matching record; the
 * no-match error (404, field `idNumber`) otherwise. Used by startLogin and by the public identify route,
 * which tells the portal the person id to use as the Cognito username.
 */
export async function identifyCandidate(
  idNumber: string,
  name: string,
): Promise<{ personId: string; record: Candidate }> {
  const personId = personIdOf(idNumber);
  const record = (await personRecords(personId)).find((c) => sameName(c.name, name));
  if (!record) throw noMatch();
  return { personId, record };
}

/** Whether an ID number belongs to the person id (the Cognito username) a sign-in started with. */
export const isPersonOf = (idNumber: string, personId: string): boolean => personIdOf(idNumber) === personId;

/** Step 1: check ID number + name, send a code to the phone on record. */
export async function startLogin(idNumber: string, name: string, now = clockNow()) {
  const { personId, record: rec } = await identifyCandidate(idNumber, name);
  const { state, version } = await readOtp(personId);
  const code = otpCode(OTP_DIGITS);
  const next = issueCode(state, now.getTime(), code, (c) => hashOtp(personId, c));
  const msg = smsMessage(newId(now), rec.phone, notices.otp(code), now, personId);
  await transact([otpPut(personId, next, version, now.getTime())], {
    audit: {
      subject: `P#${personId}`,
      action: 'login.codeSent',
      actor: `candidate:${personId}`,
      details: { to: msg.toMasked },
    },
    messages: [msg],
    conflict: '请求过于频繁，请稍后再试',
  });
  return { personId, phoneMasked: maskPhone(rec.phone), expiresInSeconds: OTP_TTL_MS / 1000 };
}

/** Step 2: check the code. Returns the person id to put in the token; throws the domain error otherwise. */
export async function verifyLogin(
  idNumber: string,
  code: string,
  now = clockNow(),
): Promise<{ personId: string }> {
  const personId = personIdOf(idNumber);
  const { state, version } = await readOtp(personId);
  if (version === 0)
    throw new DomainError('VALIDATION', '请先获取验证码', {
      fields: [{ field: 'code', message: '请先获取验证码' }],
    });
  // a locked state throws here, before anything is written: the refused attempt changes nothing
  const outcome = verifyCode(state, now.getTime(), hashOtp(personId, code));
  await transact([otpPut(personId, outcome.next, version, now.getTime())], {
    audit: {
      subject: `P#${personId}`,
      action: outcome.ok ? 'login.ok' : 'login.wrongCode',
      actor: `candidate:${personId}`,
      details: { failures: outcome.next.failures },
    },
  });
  if (!outcome.ok) throw outcome.error;
  return { personId };
}

/**
 * Local mode's staff sign-in: the account (username + password hash, checked by `checkPassword`) and
 * its department. An unknown username and a wrong password get the same answer after the same work
 * (the password is checked against `decoyHash` when there is no account), and repeated failures lock
 * the username for a while (functions/domain/login.ts), whether or not it exists.
 */
async function checkedAccount(
  username: string,
  password: string,
  checkPassword: (password: string, hash: string) => boolean,
  decoyHash: string,
): Promise<{ acct: StaffAccount; now: number }> {
  const now = clockNow().getTime();
  const guard = await readGuard(username);
  assertSignInOpen(guard, now); // a locked username is refused before the password is looked at
  // counted before the password is checked, atomically: guesses sent together each count (a lock that
  // has run out starts the count afresh in that same step)
  const counted = await countAttempt(username, now);
  if (!attemptAllowed(counted)) {
    await lockUsername(username, now + STAFF_LOCK_MS);
    assertSignInOpen({ ...counted, lockedUntil: now + STAFF_LOCK_MS }, now);
  }
  const acct: StaffAccount | undefined = await getStaffAccount(username);
  const passwordOk = checkPassword(password, acct?.passwordHash ?? decoyHash);
  if (!acct || !passwordOk) {
    await transact([], {
      audit: {
        subject: `STAFF#${username}`,
        action: 'signin.failed',
        actor: 'anonymous',
        details: { failures: counted.failures },
      },
    });
    const next = afterWrongPassword({ failures: counted.failures - 1, lockedUntil: 0 }, now);
    if (next.lockedUntil) {
      await lockUsername(username, next.lockedUntil);
      assertSignInOpen(next, now);
    }
    throw new DomainError('UNAUTHENTICATED', '用户名或密码不正确', {
      fields: [{ field: 'password', message: '用户名或密码不正确' }],
    });
  }
  await clearGuard(username);
  // told only to whoever knows the password: a disabled account is refused (functions/domain/staff.ts)
  const problem = accountProblem(acct);
  if (problem) throw new DomainError('UNAUTHENTICATED', problem);
  return { acct, now };
}

async function profileOf(acct: StaffAccount) {
  const department = await getDepartment(acct.deptId);
  if (!department) throw new DomainError('UNAUTHENTICATED', '该账号所属部门不存在，请联系管理员');
  return { username: acct.username, role: acct.role, department };
}

/**
 * Sign in; an account whose first password hr set must choose a new one first: the answer is then the
 * challenge `newPassword` instead of the account (as Cognito answers NEW_PASSWORD_REQUIRED on AWS).
 */
export async function staffSignIn(
  username: string,
  password: string,
  checkPassword: (password: string, hash: string) => boolean,
  decoyHash: string,
): Promise<
  { challenge: 'newPassword' } | { account: StaffAccount; profile: Awaited<ReturnType<typeof profileOf>> }
> {
  const { acct } = await checkedAccount(username, password, checkPassword, decoyHash);
  if (acct.mustChangePassword) return { challenge: 'newPassword' };
  return { account: acct, profile: await profileOf(acct) };
}

/** The first sign-in's step: the current password again, then the new one (policy-checked) replaces it. */
export async function staffSetNewPassword(
  username: string,
  password: string,
  newPasswordHash: string,
  checkPassword: (password: string, hash: string) => boolean,
  decoyHash: string,
) {
  const { acct } = await checkedAccount(username, password, checkPassword, decoyHash);
  const updated: StaffAccount = {
    ...acct,
    passwordHash: newPasswordHash,
    mustChangePassword: false,
    updatedAt: new Date(clockNow()).toISOString(),
  };
  await transact(
    [
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.staff(username), ...updated },
          ConditionExpression: acct.updatedAt ? 'updatedAt = :u' : 'attribute_not_exists(updatedAt)',
          ...(acct.updatedAt ? { ExpressionAttributeValues: { ':u': acct.updatedAt } } : {}),
        },
      },
    ],
    {
      audit: { subject: `STAFF#${username}`, action: 'staff.passwordSet', actor: `staff:${username}` },
      conflict: '账号已被修改，请重新登录',
    },
  );
  return { account: updated, profile: await profileOf(updated) };
}
