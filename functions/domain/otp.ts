/**
 * One-time login codes for candidates (sent by SMS through the outbox).
 * A code is 6 digits, valid 5 minutes, used once. After 5 wrong codes the login is locked for
 * 15 minutes: every further attempt in that time is refused (HTTP 429) and changes nothing.
 * A new code can be asked for at most once a minute.
 */
import { DomainError } from './errors.js';

export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_FAILURES = 5;
export const OTP_LOCK_MS = 15 * 60_000;
export const OTP_RESEND_MS = 60_000;
/** Code attempts within one Cognito sign-in session; the lockout above still applies across sessions. */
export const MAX_CODE_ATTEMPTS = 3;

/** Whether a sign-in session that has seen `codeAnswers` code answers (all wrong) may ask for another. */
export const sessionMayRetry = (codeAnswers: number): boolean => codeAnswers < MAX_CODE_ATTEMPTS;

/** What is stored between sending a code and the candidate typing it (code kept only as a hash). */
export interface OtpState {
  codeHash: string | null;
  expiresAt: number;
  sentAt: number;
  failures: number;
  lockedUntil: number;
}

export const emptyOtpState: OtpState = {
  codeHash: null,
  expiresAt: 0,
  sentAt: 0,
  failures: 0,
  lockedUntil: 0,
};

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function assertNotLocked(s: OtpState, now: number): void {
  if (s.lockedUntil > now) {
    throw new DomainError('LOCKED', `验证码错误次数过多，请于 ${clock(s.lockedUntil)}（北京时间）后再试`, {
      retryAfterSeconds: Math.ceil((s.lockedUntil - now) / 1000),
    });
  }
}

/** Issue a new code. `code` comes from a random source the adapter owns; the state stores its hash. */
export function issueCode(s: OtpState, now: number, code: string, hash: (c: string) => string): OtpState {
  assertNotLocked(s, now);
  if (s.sentAt + OTP_RESEND_MS > now) {
    throw new DomainError('TOO_MANY_REQUESTS', '验证码已发送，请 1 分钟后再重新获取', {
      retryAfterSeconds: Math.ceil((s.sentAt + OTP_RESEND_MS - now) / 1000),
    });
  }
  const unlocked = s.lockedUntil > 0 && s.lockedUntil <= now;
  return {
    codeHash: hash(code),
    expiresAt: now + OTP_TTL_MS,
    sentAt: now,
    failures: unlocked ? 0 : s.failures,
    lockedUntil: 0,
  };
}

export type VerifyOutcome = { ok: true; next: OtpState } | { ok: false; next: OtpState; error: DomainError };

/**
 * Check a typed code. A locked state throws and must not be written (nothing changes).
 * A wrong or expired code returns the next state to store, with the error to answer.
 */
export function verifyCode(s: OtpState, now: number, typedHash: string): VerifyOutcome {
  assertNotLocked(s, now);
  const failures = s.lockedUntil > 0 ? 0 : s.failures; // a lock that has run out starts afresh
  if (s.codeHash === null || s.expiresAt <= now) {
    return {
      ok: false,
      next: { ...s, failures, lockedUntil: 0 },
      error: new DomainError('VALIDATION', '验证码已失效，请重新获取', {
        fields: [{ field: 'code', message: '验证码已失效，请重新获取' }],
      }),
    };
  }
  if (typedHash === s.codeHash) {
    return { ok: true, next: { ...emptyOtpState, sentAt: s.sentAt } };
  }
  const f = failures + 1;
  if (f >= OTP_MAX_FAILURES) {
    const lockedUntil = now + OTP_LOCK_MS;
    return {
      ok: false,
      next: { ...s, codeHash: null, failures: f, lockedUntil },
      error: new DomainError(
        'LOCKED',
        `验证码连续错误 ${f} 次，已锁定 15 分钟，请于 ${clock(lockedUntil)}（北京时间）后再试`,
        {
          retryAfterSeconds: OTP_LOCK_MS / 1000,
        },
      ),
    };
  }
  const left = OTP_MAX_FAILURES - f;
  return {
    ok: false,
    next: { ...s, failures: f },
    error: new DomainError('VALIDATION', `验证码不正确，还可尝试 ${left} 次`, {
      fields: [{ field: 'code', message: `验证码不正确，还可尝试 ${left} 次` }],
    }),
  };
}
