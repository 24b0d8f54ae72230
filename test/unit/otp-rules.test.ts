/**
 * The boundaries of the login-code rules: 6 digits, valid 5 minutes, used once, 5 wrong codes lock for
 * 15 minutes (HTTP 429, nothing changes), a new code at most once a minute, and the attempts allowed
 * within one sign-in session (MAX_CODE_ATTEMPTS / sessionMayRetry).
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  emptyOtpState,
  issueCode,
  MAX_CODE_ATTEMPTS,
  OTP_DIGITS,
  OTP_LOCK_MS,
  OTP_MAX_FAILURES,
  OTP_RESEND_MS,
  OTP_TTL_MS,
  type OtpState,
  sessionMayRetry,
  type VerifyOutcome,
  verifyCode,
} from '../../functions/domain/otp.js';

const h = (c: string) => `h:${c}`;
/** 2026-11-26 16:00:00 China Standard Time */
const T0 = Date.parse('2026-11-26T08:00:00Z');
const MINUTE = 60_000;

/** The error thrown by `f` (fails the test when nothing is thrown). */
const thrown = (f: () => unknown): DomainError => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DomainError);
  return caught as DomainError;
};
const refused = (r: VerifyOutcome) => {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a refused code');
  return r;
};
/** A state after `n` wrong codes for a code issued at T0, the last at T0 + n seconds. */
const afterWrong = (n: number): OtpState => {
  let s = issueCode(emptyOtpState, T0, '123456', h);
  for (let i = 1; i <= n; i++) s = verifyCode(s, T0 + i * 1000, h('000000')).next;
  return s;
};

describe('the rule values', () => {
  it('a code is 6 digits, valid 5 minutes; 5 failures lock 15 minutes; a new code once a minute; 3 per session', () => {
    expect(OTP_DIGITS).toBe(6);
    expect(OTP_TTL_MS).toBe(5 * MINUTE);
    expect(OTP_MAX_FAILURES).toBe(5);
    expect(OTP_LOCK_MS).toBe(15 * MINUTE);
    expect(OTP_RESEND_MS).toBe(MINUTE);
    expect(MAX_CODE_ATTEMPTS).toBe(3);
    expect(emptyOtpState).toEqual({ codeHash: null, expiresAt: 0, sentAt: 0, failures: 0, lockedUntil: 0 });
  });
});

describe('issuing a code', () => {
  it('stores only the hash, valid 5 minutes from now, with no failures and no lock', () => {
    expect(issueCode(emptyOtpState, T0, '123456', h)).toEqual({
      codeHash: 'h:123456',
      expiresAt: T0 + 5 * MINUTE,
      sentAt: T0,
      failures: 0,
      lockedUntil: 0,
    });
  });

  it('a new code within the minute is refused with TOO_MANY_REQUESTS (429) and the seconds left', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const e = thrown(() => issueCode(s, T0 + 1, '222222', h));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    expect(e.status).toBe(429);
    expect(e.message).toContain('1 分钟');
    expect(e.details).toEqual({ retryAfterSeconds: 60 });
    expect(thrown(() => issueCode(s, T0 + 59_001, '222222', h)).details).toEqual({ retryAfterSeconds: 1 });
    expect(thrown(() => issueCode(s, T0 + 30_000, '222222', h)).details).toEqual({ retryAfterSeconds: 30 });
    // exactly one minute later a new code replaces the old one
    expect(issueCode(s, T0 + MINUTE, '222222', h)).toEqual({
      codeHash: 'h:222222',
      expiresAt: T0 + MINUTE + 5 * MINUTE,
      sentAt: T0 + MINUTE,
      failures: 0,
      lockedUntil: 0,
    });
  });

  it('the minute between codes also holds right after a successful login', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const ok = verifyCode(s, T0 + 1000, h('123456'));
    expect(ok.ok).toBe(true);
    expect(thrown(() => issueCode(ok.next, T0 + 2000, '222222', h)).code).toBe('TOO_MANY_REQUESTS');
    expect(issueCode(ok.next, T0 + MINUTE, '222222', h).codeHash).toBe('h:222222');
  });

  it('wrong codes are not forgotten by asking for a new code: 3 wrong + new code + 2 wrong = locked', () => {
    const s = afterWrong(3);
    expect(s.failures).toBe(3);
    const fresh = issueCode(s, T0 + MINUTE, '222222', h);
    expect(fresh).toEqual({
      codeHash: 'h:222222',
      expiresAt: T0 + MINUTE + 5 * MINUTE,
      sentAt: T0 + MINUTE,
      failures: 3,
      lockedUntil: 0,
    });
    const fourth = refused(verifyCode(fresh, T0 + MINUTE + 1000, h('000000')));
    expect(fourth.error.code).toBe('VALIDATION');
    const fifth = refused(verifyCode(fourth.next, T0 + MINUTE + 2000, h('000000')));
    expect(fifth.error.code).toBe('LOCKED');
    expect(fifth.next.lockedUntil).toBe(T0 + MINUTE + 2000 + 15 * MINUTE);
  });

  it('while locked a new code is refused with LOCKED (429); at the very end of the lock it is issued afresh', () => {
    const locked = afterWrong(5);
    const until = T0 + 5000 + 15 * MINUTE;
    expect(locked.lockedUntil).toBe(until);
    const e = thrown(() => issueCode(locked, until - 1, '222222', h));
    expect(e.code).toBe('LOCKED');
    expect(e.status).toBe(429);
    expect(e.details).toEqual({ retryAfterSeconds: 1 });
    // the lock ends at `until`: the failures start afresh and the lock is cleared
    expect(issueCode(locked, until, '222222', h)).toEqual({
      codeHash: 'h:222222',
      expiresAt: until + 5 * MINUTE,
      sentAt: until,
      failures: 0,
      lockedUntil: 0,
    });
  });
});

describe('checking a code', () => {
  it('a correct code within 5 minutes logs in; the state is cleared except when the last code was sent', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const ok = verifyCode(s, T0 + 5 * MINUTE - 1, h('123456'));
    expect(ok).toEqual({
      ok: true,
      next: { codeHash: null, expiresAt: 0, sentAt: T0, failures: 0, lockedUntil: 0 },
    });
  });

  it('a correct code clears earlier wrong codes', () => {
    const s = afterWrong(4);
    expect(s.failures).toBe(4);
    const ok = verifyCode(s, T0 + 10_000, h('123456'));
    expect(ok.ok).toBe(true);
    expect(ok.next.failures).toBe(0);
  });

  it('at exactly 5 minutes the code has expired: VALIDATION on the code field, nothing else changes', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const r = refused(verifyCode(s, T0 + 5 * MINUTE, h('123456')));
    expect(r.next).toEqual(s);
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.status).toBe(400);
    expect(r.error.message).toContain('失效');
    expect(r.error.details).toEqual({ fields: [{ field: 'code', message: r.error.message }] });
  });

  it('an expired or used code does not count as a wrong code', () => {
    const s = afterWrong(2);
    const r = refused(verifyCode(s, T0 + 5 * MINUTE, h('000000')));
    expect(r.next.failures).toBe(2);
    expect(r.error.message).toContain('失效');
  });

  it('a state without a code refuses any answer as expired, even within the validity time', () => {
    const noCode: OtpState = {
      codeHash: null,
      expiresAt: T0 + MINUTE,
      sentAt: T0,
      failures: 1,
      lockedUntil: 0,
    };
    const r = refused(verifyCode(noCode, T0 + 1000, h('123456')));
    expect(r.next).toEqual(noCode);
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('失效');
  });

  it('each wrong code says how many tries are left, on the code field', () => {
    let s = issueCode(emptyOtpState, T0, '123456', h);
    for (const [i, left] of [
      [1, 4],
      [2, 3],
      [3, 2],
      [4, 1],
    ] as const) {
      const r = refused(verifyCode(s, T0 + i * 1000, h('000000')));
      expect(r.next).toEqual({ ...s, failures: i });
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toContain(`还可尝试 ${left} 次`);
      expect(r.error.details).toEqual({ fields: [{ field: 'code', message: r.error.message }] });
      s = r.next;
    }
  });

  it('the 5th wrong code locks for 15 minutes: the code is voided and the answer names the time (China)', () => {
    const s = afterWrong(4);
    const r = refused(verifyCode(s, T0 + 5000, h('000000')));
    const until = T0 + 5000 + 15 * MINUTE;
    expect(r.next).toEqual({ ...s, codeHash: null, failures: 5, lockedUntil: until });
    expect(r.error.code).toBe('LOCKED');
    expect(r.error.status).toBe(429);
    expect(r.error.details).toEqual({ retryAfterSeconds: 900 });
    expect(r.error.message).toContain('5 次');
    expect(r.error.message).toContain('15 分钟');
    // 08:15:05 UTC is 16:15:05 China Standard Time, 24-hour clock
    expect(r.error.message).toContain('16:15:05');
  });

  it('while locked every attempt is refused with LOCKED and the seconds left, and changes nothing', () => {
    const locked = afterWrong(5);
    const until = locked.lockedUntil;
    const copy = { ...locked };
    const e = thrown(() => verifyCode(locked, T0 + 6000, h('123456')));
    expect(e.code).toBe('LOCKED');
    expect(e.status).toBe(429);
    // 15 minutes minus one second left
    expect(e.details).toEqual({ retryAfterSeconds: 899 });
    expect(e.message).toContain('16:15:05');
    expect(thrown(() => verifyCode(locked, until - 1500, h('000000'))).details).toEqual({
      retryAfterSeconds: 2,
    });
    expect(thrown(() => verifyCode(locked, until - 1, h('000000'))).details).toEqual({
      retryAfterSeconds: 1,
    });
    expect(locked).toEqual(copy);
  });

  it('once the lock has run out the failures start afresh; the voided code stays void', () => {
    const locked = afterWrong(5);
    const r = refused(verifyCode(locked, locked.lockedUntil, h('123456')));
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('失效');
    expect(r.next).toEqual({ ...locked, failures: 0, lockedUntil: 0 });
  });

  it('a full cycle: locked, then after 15 minutes a new code and 5 more tries', () => {
    const locked = afterWrong(5);
    const later = issueCode(locked, locked.lockedUntil + 1, '654321', h);
    let s = later;
    for (let i = 1; i <= 4; i++) s = refused(verifyCode(s, later.sentAt + i, h('000000'))).next;
    expect(s.failures).toBe(4);
    expect(verifyCode(s, later.sentAt + 10, h('654321')).ok).toBe(true);
  });
});

describe('attempts within one sign-in session', () => {
  it('MAX_CODE_ATTEMPTS: after 0, 1 or 2 wrong answers the session may retry; after 3 it may not', () => {
    expect(sessionMayRetry(0)).toBe(true);
    expect(sessionMayRetry(1)).toBe(true);
    expect(sessionMayRetry(MAX_CODE_ATTEMPTS - 1)).toBe(true);
    expect(sessionMayRetry(MAX_CODE_ATTEMPTS)).toBe(false);
    expect(sessionMayRetry(MAX_CODE_ATTEMPTS + 1)).toBe(false);
    expect(sessionMayRetry(10)).toBe(false);
  });

  it('a session ends before the 5-failure lock, so the lock applies across sessions', () => {
    expect(MAX_CODE_ATTEMPTS).toBeLessThan(OTP_MAX_FAILURES);
  });
});
