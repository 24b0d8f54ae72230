/** The login forms' inputs, shared by the server and the web forms. */
import * as z from 'zod';
import { chineseNameSchema, idNumberSchema } from './candidate.js';
import { DomainError } from './errors.js';

export const staffLoginSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

/** A solved proof-of-work challenge (ALTCHA, functions/lib/pow.ts): the challenge as given and its solution. */
export const challengeAnswerSchema = z.object({
  challenge: z.object({
    parameters: z
      .object({
        algorithm: z.literal('SHA-256'),
        nonce: z.string().regex(/^[0-9a-f]{8,128}$/),
        salt: z.string().regex(/^[0-9a-f]{8,128}$/),
        cost: z.number().int().min(1).max(10),
        keyLength: z.number().int().min(1).max(64),
        keyPrefix: z.string().regex(/^[0-9a-f]{1,128}$/),
        keySignature: z.string().max(256).optional(),
        expiresAt: z.number().int().positive(),
      })
      .strict(),
    signature: z.string().min(1).max(256),
  }),
  solution: z.object({
    counter: z.number().int().min(0).max(0xffffffff),
    derivedKey: z.string().regex(/^[0-9a-f]{2,256}$/),
    time: z.number().nonnegative().optional(),
  }),
});
export type ChallengeAnswer = z.infer<typeof challengeAnswerSchema>;

export const candidateStartSchema = z.object({
  idNumber: idNumberSchema,
  name: chineseNameSchema,
  /** required after a few starts or wrong codes from the same client (functions/domain/sign-in-limits.ts) */
  challenge: challengeAnswerSchema.optional(),
});

/** A sign-in attempt's id: 24 URL-safe characters (144 random bits). */
export const ATTEMPT_ID = /^[A-Za-z0-9_-]{24}$/;

export const candidateVerifySchema = z.object({
  attempt: z.string().regex(ATTEMPT_ID, '登录请求无效，请重新获取验证码'),
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
