/**
 * Candidate sign-in codes, one *attempt* at a time (functions/acts/login.ts):
 *
 * - start {ID number, name} opens an attempt: a random id, the hash of a fresh 6-digit code, valid
 *   5 minutes. The code goes by SMS only when the pair is on record; otherwise the attempt holds the hash
 *   of a code nobody was sent. Either way the answer is the same (the attempt id and its validity), so
 *   the sign-in tells nobody who passed.
 * - verify {attempt, code}: the right code signs in once; a wrong one says how many tries are left; the
 *   5th wrong code voids that attempt (429). Failures belong to the attempt (and to the client that sent
 *   them, functions/domain/sign-in-limits.ts), never to the person: a fresh attempt that proves a new
 *   SMS code is never blocked by anyone else's wrong codes.
 */
import { DomainError } from './errors.js';

export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 5 * 60_000;
/** wrong codes one attempt may take; the last of them voids it */
export const ATTEMPT_MAX_FAILURES = 5;

/** What is stored between start and verify (the code only as a hash). */
export interface SignInAttempt {
  /** the person id of the ID number typed, whether or not it is on record */
  target: string;
  /** the sending client's key (a hash, never the address) */
  client: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  failures: number;
  /** when the code signed in; 0 until then */
  usedAt: number;
}

export function newAttempt(a: {
  target: string;
  client: string;
  codeHash: string;
  now: number;
}): SignInAttempt {
  return {
    target: a.target,
    client: a.client,
    codeHash: a.codeHash,
    createdAt: a.now,
    expiresAt: a.now + OTP_TTL_MS,
    failures: 0,
    usedAt: 0,
  };
}

export type CheckOutcome =
  | { ok: true; next: SignInAttempt }
  | { ok: false; next: SignInAttempt | null; error: DomainError };

const codeField = (code: 'VALIDATION' | 'LOCKED', message: string) =>
  new DomainError(code, message, { fields: [{ field: 'code', message }] });

/**
 * Check a typed code against its attempt. `next` is what to store (null: nothing changes): an unknown,
 * used or expired attempt, or one already voided, changes nothing; a wrong code counts one failure.
 */
export function checkCode(a: SignInAttempt | undefined, now: number, typedHash: string): CheckOutcome {
  if (!a || a.usedAt > 0 || a.expiresAt <= now) {
    return { ok: false, next: null, error: codeField('VALIDATION', '验证码已失效，请重新获取') };
  }
  if (a.failures >= ATTEMPT_MAX_FAILURES) {
    return {
      ok: false,
      next: null,
      error: codeField('LOCKED', '本次验证码错误次数过多，已作废，请重新获取'),
    };
  }
  if (typedHash === a.codeHash) return { ok: true, next: { ...a, usedAt: now } };
  const failures = a.failures + 1;
  const next = { ...a, failures };
  if (failures >= ATTEMPT_MAX_FAILURES) {
    return {
      ok: false,
      next,
      error: codeField('LOCKED', `验证码连续错误 ${failures} 次，本次验证码已作废，请重新获取`),
    };
  }
  return {
    ok: false,
    next,
    error: codeField('VALIDATION', `验证码不正确，还可尝试 ${ATTEMPT_MAX_FAILURES - failures} 次`),
  };
}
