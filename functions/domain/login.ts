/** The login forms' inputs, shared by the server and the web forms. */
import { chineseNameSchema, idNumberSchema } from './candidate.js';
import { DomainError } from './errors.js';
import * as z from './zod.js';

export const staffLoginSchema = z.object({
  username: z.string().check(z.trim(), z.minLength(1, '请输入用户名'), z.maxLength(64)),
  password: z.string().check(z.minLength(1, '请输入密码'), z.maxLength(200)),
});

/** A solved proof-of-work challenge (ALTCHA, functions/lib/pow.ts): the challenge as given and its solution. */
export const challengeAnswerSchema = z.object({
  challenge: z.object({
    parameters: z.strictObject({
      algorithm: z.literal('SHA-256'),
      nonce: z.string().check(z.regex(/^[0-9a-f]{8,128}$/)),
      salt: z.string().check(z.regex(/^[0-9a-f]{8,128}$/)),
      cost: z.number().check(z.int(), z.gte(1), z.lte(10)),
      keyLength: z.number().check(z.int(), z.gte(1), z.lte(64)),
      keyPrefix: z.string().check(z.regex(/^[0-9a-f]{1,128}$/)),
      keySignature: z.optional(z.string().check(z.maxLength(256))),
      expiresAt: z.number().check(z.int(), z.positive()),
    }),
    signature: z.string().check(z.minLength(1), z.maxLength(256)),
  }),
  solution: z.object({
    counter: z.number().check(z.int(), z.gte(0), z.lte(0xffffffff)),
    derivedKey: z.string().check(z.regex(/^[0-9a-f]{2,256}$/)),
    time: z.optional(z.number().check(z.nonnegative())),
  }),
});
export type ChallengeAnswer = z.infer<typeof challengeAnswerSchema>;

export const candidateStartSchema = z.object({
  idNumber: idNumberSchema,
  name: chineseNameSchema,
  /** required after a few starts or wrong codes from the same client (functions/domain/sign-in-limits.ts) */
  challenge: z.optional(challengeAnswerSchema),
});

/** A sign-in attempt's id: 24 URL-safe characters (144 random bits). */
export const ATTEMPT_ID = /^[A-Za-z0-9_-]{24}$/;

export const candidateVerifySchema = z.object({
  attempt: z.string().check(z.regex(ATTEMPT_ID, '登录请求无效，请重新获取验证码')),
  code: z.string().check(z.trim(), z.regex(/^\d{6}$/, '验证码应为6位数字')),
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
