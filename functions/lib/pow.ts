/**
 * The sign-in's proof-of-work challenge (functions/domain/sign-in-limits.ts): ALTCHA, self-hosted with
 * `altcha-lib` — the server creates a challenge signed with a key derived from its own secret, the
 * portal solves it in the browser (web/portal/pow.ts, Web Crypto), the server checks the signature and
 * the solution and spends the challenge once. No third party sees the caller (PIPL).
 *
 * Deterministic mode: the server picks the counter, so checking a solution is one HMAC, while finding it
 * costs the caller that many SHA-256 hashes (about a second on a cheap phone at the default range).
 */
import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { ChallengeAnswer } from '../domain/login.js';
import { SIGN_IN_LIMITS } from '../domain/sign-in-limits.js';
import { spendOnce } from './login-codes.js';

/** How much work: counters drawn from this range (POW_COUNTER_MIN / POW_COUNTER_MAX override it). */
export function powRange(env = process.env): { min: number; max: number } {
  const n = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Math.floor(Number(v)) : d);
  const min = n(env.POW_COUNTER_MIN, 20_000);
  return { min, max: Math.max(min + 1, n(env.POW_COUNTER_MAX, 60_000)) };
}

const secret = (purpose: string) => {
  const key = process.env.PERSON_ID_KEY;
  if (!key) throw new Error('PERSON_ID_KEY is not set');
  return createHmac('sha256', key).update(`altcha/${purpose}/v1`).digest('hex');
};

/**
 * A fresh challenge for the client to solve. Its validity is real time (as altcha-lib checks it), not
 * the system clock that local mode may move.
 */
export async function newChallenge() {
  const now = Date.now();
  const { min, max } = powRange();
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(min, max),
    deriveKey,
    expiresAt: Math.floor((now + SIGN_IN_LIMITS.challengeTtlMs) / 1000),
    hmacSignatureSecret: secret('challenge'),
    hmacKeySignatureSecret: secret('key'),
  });
}

/** Whether the payload solves a challenge this server signed, unexpired, spent now for the first time. */
export async function challengeSolved(payload: ChallengeAnswer | undefined): Promise<boolean> {
  if (!payload) return false;
  const now = Date.now();
  const expiresAt = payload.challenge.parameters.expiresAt * 1000;
  if (expiresAt <= now) return false;
  const r = await verifySolution({
    challenge: payload.challenge,
    solution: payload.solution,
    deriveKey,
    hmacSignatureSecret: secret('challenge'),
    hmacKeySignatureSecret: secret('key'),
  });
  if (!r.verified) return false;
  return spendOnce(`pow#${payload.challenge.parameters.nonce}`, expiresAt);
}
