/**
 * The candidate sign-in's two API calls (functions/acts/login.ts), the same on AWS and locally. When
 * the server asks for a proof-of-work first (428 CHALLENGE_REQUIRED, after a few tries from this
 * device), it is solved here (web/portal/pow.ts) and the request sent again with the solution.
 */
import { ApiError, api } from '../api.js';
import { t } from '../i18n.js';
import type { CodeSent } from '../types.js';

export interface SignedIn {
  token: string;
  expiresAt: string;
}

export async function startSignIn(
  idNumber: string,
  name: string,
  onChallenge: (working: boolean) => void = () => {},
): Promise<CodeSent> {
  const send = (challenge?: unknown) =>
    api<CodeSent>('/api/auth/candidate/start', {
      method: 'POST',
      body: { idNumber, name, ...(challenge ? { challenge } : {}) },
    });
  try {
    return await send();
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'CHALLENGE_REQUIRED' && e.details.challenge)) throw e;
    onChallenge(true);
    try {
      const { solve } = await import('./pow.js');
      const answer = await solve(e.details.challenge as Parameters<typeof solve>[0]);
      if (!answer) throw new ApiError(0, 'CHALLENGE_REQUIRED', t('portal.challengeFailed'), [], false);
      return await send(answer);
    } finally {
      onChallenge(false);
    }
  }
}

export const verifySignIn = (attempt: string, code: string) =>
  api<SignedIn>('/api/auth/candidate/verify', { method: 'POST', body: { attempt, code } });
