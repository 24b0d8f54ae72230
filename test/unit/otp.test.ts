import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  emptyOtpState,
  issueCode,
  OTP_LOCK_MS,
  OTP_RESEND_MS,
  OTP_TTL_MS,
  verifyCode,
} from '../../functions/domain/otp.js';

const h = (c: string) => `h:${c}`;
const T0 = Date.parse('2026-11-26T08:00:00Z');

describe('one-time login codes', () => {
  it('a correct code within 5 minutes logs in and cannot be used twice', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const ok = verifyCode(s, T0 + 1000, h('123456'));
    expect(ok.ok).toBe(true);
    const again = verifyCode(ok.next, T0 + 2000, h('123456'));
    expect(again.ok).toBe(false);
  });

  it('an expired code is refused', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    const r = verifyCode(s, T0 + OTP_TTL_MS, h('123456'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('失效');
  });

  it('5 wrong codes lock for 15 minutes; while locked even the right code is refused with LOCKED', () => {
    let s = issueCode(emptyOtpState, T0, '123456', h);
    for (let i = 1; i <= 5; i++) {
      const r = verifyCode(s, T0 + i, h('000000'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe(i < 5 ? 'VALIDATION' : 'LOCKED');
      s = r.next;
    }
    expect(s.lockedUntil).toBe(T0 + 5 + OTP_LOCK_MS);
    expect(() => verifyCode(s, T0 + 10, h('123456'))).toThrow(DomainError);
    try {
      verifyCode(s, T0 + 10, h('123456'));
    } catch (e) {
      expect((e as DomainError).status).toBe(429);
    }
    expect(() => issueCode(s, T0 + OTP_RESEND_MS + 10, '654321', h)).toThrow(/锁定|再试/);
    // after 15 minutes a new code can be requested and the failures start afresh
    const later = issueCode(s, s.lockedUntil + 1, '654321', h);
    expect(later.failures).toBe(0);
    expect(verifyCode(later, s.lockedUntil + 2, h('654321')).ok).toBe(true);
  });

  it('a new code can be asked for at most once a minute', () => {
    const s = issueCode(emptyOtpState, T0, '123456', h);
    expect(() => issueCode(s, T0 + OTP_RESEND_MS - 1, '222222', h)).toThrow(DomainError);
    expect(issueCode(s, T0 + OTP_RESEND_MS, '222222', h).codeHash).toBe(h('222222'));
  });
});
