/**
 * Signing in.
 *
 * Candidates: ID number + name, then a one-time SMS code, as two API calls that answer the same on AWS
 * and locally. Start always answers 202 with an attempt — whether or not the pair is on record, after the
 * same work — so the sign-in tells nobody who passed; the code goes only to a phone on record. Verify
 * checks the code against its attempt and hands a one-time grant to the token issuer
 * (functions/lib/candidate-tokens.ts: Cognito on AWS, the local key locally). How often either may be
 * tried is functions/domain/sign-in-limits.ts; the code rules are functions/domain/otp.ts.
 *
 * Staff in local mode: username + password (on AWS, Cognito).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { keys } from '../data/tables.js';
import { sameName } from '../domain/candidate.js';
import { DomainError } from '../domain/errors.js';
import {
  afterWrongPassword,
  assertSignInOpen,
  attemptAllowed,
  type ChallengeAnswer,
  STAFF_LOCK_MS,
} from '../domain/login.js';
import { checkCode, newAttempt, OTP_DIGITS, OTP_TTL_MS } from '../domain/otp.js';
import { smsMessage } from '../domain/outbox.js';
import {
  clientStartProblem,
  clientVerifyProblem,
  needsChallenge,
  overallBusy,
  SIGN_IN_LIMITS,
  targetStartProblem,
  windowOf,
} from '../domain/sign-in-limits.js';
import { accountProblem } from '../domain/staff.js';
import { notices } from '../domain/wording.js';
import { candidateTokens, type SignedInToken } from '../lib/candidate-tokens.js';
import { personRecords } from '../lib/candidates.js';
import { getDepartment, getStaffAccount, type StaffAccount } from '../lib/catalog.js';
import { now as clockNow } from '../lib/clock.js';
import { tableName, transact } from '../lib/db.js';
import { clientKeyOf, hashOtp, newId, otpCode, personIdOf, randomToken, tokenHash } from '../lib/ids.js';
import {
  attemptCreate,
  attemptUpdate,
  clearGuard,
  countAttempt,
  countInWindow,
  grantPut,
  lockUsername,
  readAttempt,
  readGuard,
  readWindow,
  spendGrant,
} from '../lib/login-codes.js';
import { challengeSolved, newChallenge } from '../lib/pow.js';
import { TokenBucket } from '../lib/rate-limit.js';

/** The whole service's start rate, in this process (on AWS the API stage throttles the route as well). */
const overall = new TokenBucket(SIGN_IN_LIMITS.overall);

/**
 * Every start answers no sooner than this after it arrived, match or miss, so its timing tells nothing
 * (SIGN_IN_MIN_MS overrides it; the work itself is the same either way but for one outbox item).
 */
const minAnswerMs = () => {
  const v = Number(process.env.SIGN_IN_MIN_MS);
  return Number.isFinite(v) && v >= 0 ? v : 250;
};

/** A grant to issue the token lives this long: the issuer spends it right after it is written. */
const GRANT_TTL_MS = 60_000;

const clientCounter = (client: string, index: number) => `c#${client}#${index}`;
const targetCounter = (target: string, index: number) => `t#${target}#${index}`;

/** A code's hash, bound to its attempt. A miss stores a value no typed code hashes to. */
const codeHashOf = (attemptId: string, code: string) => hashOtp(attemptId, code);
const noCodeHash = () => `none:${randomToken(12)}`;

export interface StartAnswer {
  attempt: string;
  expiresInSeconds: number;
}

/**
 * Step 1: ID number + name (+ a solved challenge when the client needs one) → an attempt; an SMS code
 * to the phone on record if the pair is a passing candidate's. The same answer either way.
 */
export async function startCandidateSignIn(
  input: { idNumber: string; name: string; challenge?: ChallengeAnswer | undefined },
  clientAddress: string,
  now = clockNow(),
): Promise<StartAnswer> {
  const arrived = Date.now();
  const t = now.getTime();
  if (!overall.tryTake()) throw overallBusy();
  const client = clientKeyOf(clientAddress);
  const cw = windowOf(t, SIGN_IN_LIMITS.client.windowMs);
  const counted = await countInWindow(clientCounter(client, cw.index), cw.ends, 'starts');
  const solved = needsChallenge(counted.starts, counted.failures) && (await challengeSolved(input.challenge));
  const clientProblem = clientStartProblem(
    { count: counted.starts, windowEnds: cw.ends },
    counted.failures,
    solved,
    t,
  );
  if (clientProblem?.code === 'CHALLENGE_REQUIRED') {
    throw new DomainError(clientProblem.code, clientProblem.message, {
      ...clientProblem.details,
      challenge: await newChallenge(),
    });
  }
  if (clientProblem) throw clientProblem;
  // counted for every ID number alike, on record or not, and only past the client's checks
  const target = personIdOf(input.idNumber);
  const tw = windowOf(t, SIGN_IN_LIMITS.target.windowMs);
  const targetCount = await countInWindow(targetCounter(target, tw.index), tw.ends, 'starts');
  const targetProblem = targetStartProblem({ count: targetCount.starts, windowEnds: tw.ends }, t);
  if (targetProblem) throw targetProblem;

  const record = (await personRecords(target)).find((c) => sameName(c.name, input.name));
  const attemptId = randomToken();
  const code = otpCode(OTP_DIGITS);
  const attempt = newAttempt({
    target,
    client,
    codeHash: record ? codeHashOf(attemptId, code) : noCodeHash(),
    now: t,
  });
  const messages = record ? [smsMessage(newId(now), record.phone, notices.otp(code), now, target)] : [];
  await transact([attemptCreate(attemptId, attempt)], {
    audit: {
      subject: `P#${target}`,
      action: record ? 'login.codeSent' : 'login.noMatch',
      actor: 'anonymous',
      details: record ? { to: messages[0]?.toMasked } : {},
    },
    messages,
  });
  const wait = minAnswerMs() - (Date.now() - arrived);
  if (wait > 0) await sleep(wait);
  return { attempt: attemptId, expiresInSeconds: OTP_TTL_MS / 1000 };
}

/**
 * Step 2: the attempt and the code → the candidate's token. A wrong code counts against the attempt
 * and the client that sent it, never against the candidate.
 */
export async function verifyCandidateSignIn(
  attemptId: string,
  code: string,
  clientAddress: string,
  now = clockNow(),
): Promise<SignedInToken> {
  const t = now.getTime();
  const client = clientKeyOf(clientAddress);
  const cw = windowOf(t, SIGN_IN_LIMITS.client.windowMs);
  const counter = clientCounter(client, cw.index);
  const refused = clientVerifyProblem(
    { count: (await readWindow(counter)).failures, windowEnds: cw.ends },
    t,
  );
  if (refused) throw refused;
  const before = await readAttempt(attemptId);
  const outcome = checkCode(before, t, codeHashOf(attemptId, code));
  if (!outcome.ok) {
    if (before && outcome.next) {
      await transact([attemptUpdate(attemptId, before, outcome.next)], {
        audit: {
          subject: `P#${before.target}`,
          action: 'login.wrongCode',
          actor: 'anonymous',
          details: { failures: outcome.next.failures },
        },
        conflict: '请求过于频繁，请稍后再试',
      });
    }
    // every miss counts for the client: wrong codes, and guessed or stale attempts alike
    await countInWindow(counter, cw.ends, 'failures');
    throw outcome.error;
  }
  const grant = randomToken(32);
  await transact(
    [
      attemptUpdate(attemptId, before as NonNullable<typeof before>, outcome.next),
      grantPut(tokenHash(grant), outcome.next.target, t + GRANT_TTL_MS),
    ],
    {
      audit: {
        subject: `P#${outcome.next.target}`,
        action: 'login.ok',
        actor: `candidate:${outcome.next.target}`,
      },
      conflict: '验证码已使用，请重新获取',
    },
  );
  return candidateTokens().issue(outcome.next.target, grant);
}

/**
 * The token issuer's check (the Cognito VerifyAuthChallenge trigger; the local issuer): whether `grant`
 * is a live grant for this person, spent by this very call.
 */
export const spendSignInGrant = (grant: string, personId: string, now = clockNow()): Promise<boolean> =>
  spendGrant(tokenHash(grant), personId, now.getTime());

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
