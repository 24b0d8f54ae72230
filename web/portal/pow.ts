/**
 * Solving the sign-in's proof-of-work challenge in the browser (ALTCHA, functions/lib/pow.ts): the same
 * library as the server, with Web Crypto. Loaded only when the server asks for it.
 */
import { type Challenge, type Solution, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

export async function solve(
  challenge: Challenge,
): Promise<{ challenge: Challenge; solution: Solution } | null> {
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 60_000 });
  return solution
    ? { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }
    : null;
}
