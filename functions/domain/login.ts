/** The login forms' inputs, shared by the server and the web forms. */
import * as z from 'zod';
import { chineseNameSchema, idNumberSchema } from './candidate.js';
import { DomainError } from './errors.js';

export const staffLoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

export const candidateStartSchema = z.object({ idNumber: idNumberSchema, name: chineseNameSchema });

export const candidateVerifySchema = z.object({
  idNumber: idNumberSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '验证码应为6位数字'),
});

/**
 * Local staff sign-in (on AWS, Cognito's own protections apply): after STAFF_MAX_FAILURES wrong
 * passwords for a username the sign-in is locked for STAFF_LOCK_MS; a locked attempt is refused before
 * the password is looked at and changes nothing. Kept per username whether or not the account exists,
 * so the answers tell nobody which usernames are real.
 */
export const STAFF_MAX_FAILURES = 5;
export const STAFF_LOCK_MS = 15 * 60_000;

export interface SignInGuard {
  failures: number;
  lockedUntil: number;
}
export const openGuard: SignInGuard = { failures: 0, lockedUntil: 0 };

/** Refuses (429 with Retry-After) a sign-in while the username is locked. */
export function assertSignInOpen(g: SignInGuard, now: number): void {
  if (g.lockedUntil > now) {
    throw new DomainError('LOCKED', '密码错误次数过多，该账号已暂时锁定，请15分钟后再试', {
      retryAfterSeconds: Math.ceil((g.lockedUntil - now) / 1000),
    });
  }
}

/**
 * The attempt just counted (the guard after counting it, before its password is checked): past the
 * limit it is refused unchecked — so requests sent together cannot try more than the limit allows.
 */
export const attemptAllowed = (counted: SignInGuard): boolean => counted.failures <= STAFF_MAX_FAILURES;

/** The guard after a wrong password: one more failure, locked at the limit (a lock that ran out starts afresh). */
export function afterWrongPassword(g: SignInGuard, now: number): SignInGuard {
  const failures = (g.lockedUntil && g.lockedUntil <= now ? 0 : g.failures) + 1;
  return failures >= STAFF_MAX_FAILURES
    ? { failures, lockedUntil: now + STAFF_LOCK_MS }
    : { failures, lockedUntil: 0 };
}
