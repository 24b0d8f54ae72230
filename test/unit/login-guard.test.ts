/** Local staff sign-in guard (functions/domain/login.ts): failures, the lock, and its end. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  afterWrongPassword,
  assertSignInOpen,
  attemptAllowed,
  openGuard,
  STAFF_LOCK_MS,
  STAFF_MAX_FAILURES,
} from '../../functions/domain/login.js';

const T = Date.parse('2026-12-01T01:00:00Z');

describe('staff sign-in guard', () => {
  it('counts wrong passwords and locks for 15 minutes at the fifth', () => {
    expect([STAFF_MAX_FAILURES, STAFF_LOCK_MS]).toEqual([5, 900_000]);
    let g = openGuard;
    for (let i = 1; i <= 4; i++) {
      g = afterWrongPassword(g, T);
      expect(g).toEqual({ failures: i, lockedUntil: 0 });
    }
    g = afterWrongPassword(g, T);
    expect(g).toEqual({ failures: 5, lockedUntil: T + 900_000 });
  });

  it('refuses while locked, with the seconds left; open again at the instant the lock ends', () => {
    const locked = { failures: 5, lockedUntil: T + 900_000 };
    let e: unknown;
    try {
      assertSignInOpen(locked, T + 1000);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('LOCKED');
    expect((e as DomainError).status).toBe(429);
    expect((e as DomainError).details?.retryAfterSeconds).toBe(899);
    expect(() => assertSignInOpen(locked, T + 900_000)).not.toThrow();
    expect(() => assertSignInOpen(openGuard, T)).not.toThrow();
  });

  it('a lock that has run out starts the count afresh', () => {
    const ended = { failures: 5, lockedUntil: T };
    expect(afterWrongPassword(ended, T)).toEqual({ failures: 1, lockedUntil: 0 });
    const running = { failures: 5, lockedUntil: T + 1 };
    expect(afterWrongPassword(running, T)).toEqual({ failures: 6, lockedUntil: T + 900_000 });
  });

  it('starts open: no failures, no lock', () => {
    expect(openGuard).toStrictEqual({ failures: 0, lockedUntil: 0 });
    expect(afterWrongPassword(openGuard, T)).toStrictEqual({ failures: 1, lockedUntil: 0 });
  });

  it('the refusal says why, and rounds the seconds left up', () => {
    const locked = { failures: 5, lockedUntil: T + 1500 };
    let e: unknown;
    try {
      assertSignInOpen(locked, T);
    } catch (x) {
      e = x;
    }
    expect((e as DomainError).message).toBe('密码错误次数过多，该账号已暂时锁定，请15分钟后再试');
    expect((e as DomainError).details).toStrictEqual({ retryAfterSeconds: 2 });
    expect(() => assertSignInOpen(locked, T + 1499)).toThrow(DomainError);
    expect(() => assertSignInOpen({ failures: 4, lockedUntil: 0 }, T)).not.toThrow();
  });

  it('the lock runs from the fifth failure, each failure after a lock has ended counts from one', () => {
    let g = { failures: 4, lockedUntil: 0 };
    g = afterWrongPassword(g, T + 7);
    expect(g).toStrictEqual({ failures: 5, lockedUntil: T + 7 + STAFF_LOCK_MS });
    g = afterWrongPassword(g, T + 7 + STAFF_LOCK_MS + 1);
    expect(g).toStrictEqual({ failures: 1, lockedUntil: 0 });
  });

  it('an attempt counted past the limit is refused unchecked; the fifth is still checked', () => {
    expect(attemptAllowed({ failures: 5, lockedUntil: 0 })).toBe(true);
    expect(attemptAllowed({ failures: 6, lockedUntil: 0 })).toBe(false);
    expect(attemptAllowed({ failures: 1, lockedUntil: 0 })).toBe(true);
  });
});
