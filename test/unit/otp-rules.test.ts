/**
 * The candidate sign-in rules of the pure core: a code per attempt (6 digits, valid 5 minutes, used
 * once, 5 wrong codes void the attempt and only it), and the limits per client, per target and overall
 * (functions/domain/sign-in-limits.ts).
 */
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../functions/domain/errors.js';
import {
  ATTEMPT_MAX_FAILURES,
  type CheckOutcome,
  checkCode,
  newAttempt,
  OTP_DIGITS,
  OTP_TTL_MS,
  type SignInAttempt,
} from '../../functions/domain/otp.js';
import {
  clientStartProblem,
  clientVerifyProblem,
  needsChallenge,
  overallBusy,
  SIGN_IN_LIMITS,
  targetStartProblem,
  windowOf,
} from '../../functions/domain/sign-in-limits.js';

/** 2026-11-26 16:00:00 China Standard Time */
const T0 = Date.parse('2026-11-26T08:00:00Z');
const MINUTE = 60_000;
const fresh = (): SignInAttempt => newAttempt({ target: 'p1', client: 'c1', codeHash: 'h:123456', now: T0 });

const refused = (r: CheckOutcome) => {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a refused code');
  return r;
};
/** `n` wrong codes, one a second after T0. */
const afterWrong = (n: number): SignInAttempt => {
  let a = fresh();
  for (let i = 1; i <= n; i++) a = refused(checkCode(a, T0 + i * 1000, 'h:000000')).next as SignInAttempt;
  return a;
};
const fieldOf = (e: DomainError) => e.details?.fields?.[0];

describe('the rule values', () => {
  it('a code is 6 digits, valid 5 minutes; 5 wrong codes void an attempt', () => {
    expect(OTP_DIGITS).toBe(6);
    expect(OTP_TTL_MS).toBe(5 * MINUTE);
    expect(ATTEMPT_MAX_FAILURES).toBe(5);
  });

  it('the limits: 15-minute client windows (4 free starts, 2 free wrong codes, 20 starts, 30 wrong codes), 1-hour target windows of 5, 50/s overall', () => {
    expect(SIGN_IN_LIMITS).toEqual({
      client: { windowMs: 15 * MINUTE, freeStarts: 4, freeFailures: 2, maxStarts: 20, maxFailures: 30 },
      target: { windowMs: 60 * MINUTE, maxStarts: 5 },
      overall: { ratePerSecond: 50, burst: 200 },
      challengeTtlMs: 5 * MINUTE,
    });
  });
});

describe('an attempt', () => {
  it('starts with the code hash, valid 5 minutes from now, no failures, unused', () => {
    expect(fresh()).toEqual({
      target: 'p1',
      client: 'c1',
      codeHash: 'h:123456',
      createdAt: T0,
      expiresAt: T0 + 5 * MINUTE,
      failures: 0,
      usedAt: 0,
    });
  });

  it('the right code within 5 minutes signs in and marks the attempt used; it cannot sign in twice', () => {
    const r = checkCode(fresh(), T0 + 5 * MINUTE - 1, 'h:123456');
    expect(r.ok).toBe(true);
    expect(r.next).toEqual({ ...fresh(), usedAt: T0 + 5 * MINUTE - 1 });
    const again = refused(checkCode(r.next as SignInAttempt, T0 + 10_000, 'h:123456'));
    expect(again.next).toBeNull();
    expect(again.error.code).toBe('VALIDATION');
    expect(fieldOf(again.error)).toEqual({ field: 'code', message: '验证码已失效，请重新获取' });
  });

  it('at exactly 5 minutes the code has expired: refused on the code field, nothing changes', () => {
    const r = refused(checkCode(fresh(), T0 + 5 * MINUTE, 'h:123456'));
    expect(r.next).toBeNull();
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toBe('验证码已失效，请重新获取');
  });

  it('an unknown attempt is refused as expired and changes nothing', () => {
    const r = refused(checkCode(undefined, T0, 'h:123456'));
    expect(r.next).toBeNull();
    expect(r.error.code).toBe('VALIDATION');
    expect(fieldOf(r.error)?.field).toBe('code');
  });

  it('each wrong code counts one failure and says how many tries are left, on the code field', () => {
    for (let n = 1; n < ATTEMPT_MAX_FAILURES; n++) {
      const r = refused(checkCode(afterWrong(n - 1), T0 + 60_000, 'h:000000'));
      expect(r.next?.failures).toBe(n);
      expect(r.next?.usedAt).toBe(0);
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.status).toBe(400);
      expect(fieldOf(r.error)).toEqual({ field: 'code', message: `验证码不正确，还可尝试 ${5 - n} 次` });
    }
  });

  it('the 5th wrong code voids the attempt (429 on the code field); after that even the right code is refused and nothing changes', () => {
    const fifth = refused(checkCode(afterWrong(4), T0 + 60_000, 'h:000000'));
    expect(fifth.next?.failures).toBe(5);
    expect(fifth.error.code).toBe('LOCKED');
    expect(fifth.error.status).toBe(429);
    expect(fifth.error.message).toBe('验证码连续错误 5 次，本次验证码已作废，请重新获取');
    const after = refused(checkCode(afterWrong(5), T0 + 61_000, 'h:123456'));
    expect(after.next).toBeNull();
    expect(after.error.code).toBe('LOCKED');
    expect(fieldOf(after.error)).toEqual({
      field: 'code',
      message: '本次验证码错误次数过多，已作废，请重新获取',
    });
  });

  it('4 wrong codes and then the right one still sign in', () => {
    const r = checkCode(afterWrong(4), T0 + 60_000, 'h:123456');
    expect(r.ok).toBe(true);
    expect(r.next).toMatchObject({ failures: 4, usedAt: T0 + 60_000 });
  });

  it("failures are the attempt's own: a new attempt for the same person starts with none", () => {
    const voided = afterWrong(5);
    const next = newAttempt({
      target: voided.target,
      client: 'c2',
      codeHash: 'h:654321',
      now: T0 + 2 * MINUTE,
    });
    expect(next.failures).toBe(0);
    expect(checkCode(next, T0 + 3 * MINUTE, 'h:654321').ok).toBe(true);
  });
});

describe('limits', () => {
  const W = SIGN_IN_LIMITS.client.windowMs;

  it('fixed windows: the index and end of the window a moment falls in', () => {
    expect(windowOf(0, W)).toEqual({ index: 0, ends: W });
    expect(windowOf(W - 1, W)).toEqual({ index: 0, ends: W });
    expect(windowOf(W, W)).toEqual({ index: 1, ends: 2 * W });
    expect(windowOf(5 * W + 7, W)).toEqual({ index: 5, ends: 6 * W });
  });

  it('a proof-of-work is needed after 4 starts or 2 wrong codes in a window', () => {
    expect(needsChallenge(4, 1)).toBe(false);
    expect(needsChallenge(5, 0)).toBe(true);
    expect(needsChallenge(1, 2)).toBe(true);
    expect(needsChallenge(0, 0)).toBe(false);
  });

  it("a client's start: free, then only with a solved challenge (428 CHALLENGE_REQUIRED on field challenge), then refused past 20", () => {
    const ends = T0 + 10 * MINUTE;
    expect(clientStartProblem({ count: 4, windowEnds: ends }, 1, false, T0)).toBeNull();
    const needs = clientStartProblem({ count: 5, windowEnds: ends }, 0, false, T0);
    expect(needs?.code).toBe('CHALLENGE_REQUIRED');
    expect(needs?.status).toBe(428);
    expect(needs?.message).toBe('请先完成安全验证，再获取验证码');
    expect(needs?.details?.fields).toEqual([{ field: 'challenge', message: '请先完成安全验证' }]);
    expect(clientStartProblem({ count: 1, windowEnds: ends }, 2, false, T0)?.code).toBe('CHALLENGE_REQUIRED');
    expect(clientStartProblem({ count: 20, windowEnds: ends }, 5, true, T0)).toBeNull();
    const over = clientStartProblem({ count: 21, windowEnds: ends }, 0, true, T0);
    expect(over?.code).toBe('TOO_MANY_REQUESTS');
    expect(over?.status).toBe(429);
    expect(over?.details?.retryAfterSeconds).toBe(600);
    // 2026-11-26 16:10 China Standard Time
    expect(over?.message).toBe('本设备获取验证码的次数过多，请于 16:10（北京时间）后再试');
  });

  it('N4: a target past 5 starts an hour is refused with the time, the same for any ID number', () => {
    const ends = T0 + 30 * MINUTE;
    expect(targetStartProblem({ count: 5, windowEnds: ends }, T0)).toBeNull();
    const r = targetStartProblem({ count: 6, windowEnds: ends }, T0);
    expect(r?.code).toBe('TOO_MANY_REQUESTS');
    expect(r?.details?.retryAfterSeconds).toBe(1800);
    expect(r?.message).toBe('该身份证号获取验证码的次数过多，请于 16:30（北京时间）后再试');
  });

  it('a client with 30 wrong codes in a window has its code checks refused until the window ends', () => {
    const ends = T0 + 90_500;
    expect(clientVerifyProblem({ count: 29, windowEnds: ends }, T0)).toBeNull();
    const r = clientVerifyProblem({ count: 30, windowEnds: ends }, T0);
    expect(r?.code).toBe('TOO_MANY_REQUESTS');
    expect(r?.details?.retryAfterSeconds).toBe(91);
    expect(r?.message).toContain('本设备输入错误验证码的次数过多');
  });

  it('the overall limit answers 429 with a short wait', () => {
    expect(overallBusy().status).toBe(429);
    expect(overallBusy().details?.retryAfterSeconds).toBe(5);
    expect(overallBusy().message).toBe('当前登录人数较多，请稍后再试');
  });
});
