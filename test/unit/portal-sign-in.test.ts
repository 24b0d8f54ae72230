/**
 * The portal's candidate sign-in calls (web/portal/sign-in.ts) against a fake fetch: the two API calls
 * and their bodies; a 428 CHALLENGE_REQUIRED is solved in the page (the real ALTCHA solver) and the
 * start sent again with the solution; every other error reaches the form as it came.
 */
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api.js';
import { startSignIn, verifySignIn } from '../../web/portal/sign-in.js';

type Reply = { status: number; body: unknown };
function stub(script: Reply[]) {
  const seen: { url: string; body: Record<string, any> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      seen.push({ url, body: JSON.parse(String(init.body)) });
      const next = script.shift();
      if (!next) throw new Error('unexpected request');
      return new Response(JSON.stringify(next.body), { status: next.status });
    }),
  );
  return seen;
}
afterEach(() => vi.unstubAllGlobals());

const SECRETS = { hmacSignatureSecret: 's1', hmacKeySignatureSecret: 's2' };
const ID = '11010519491231002X';

describe('portal sign-in', () => {
  it('start posts the ID number and name; verify posts the attempt and the code', async () => {
    const seen = stub([
      { status: 202, body: { attempt: 'A'.repeat(24), expiresInSeconds: 300 } },
      { status: 200, body: { token: 't', expiresAt: 'x' } },
    ]);
    expect(await startSignIn(ID, '张三')).toEqual({ attempt: 'A'.repeat(24), expiresInSeconds: 300 });
    expect(await verifySignIn('A'.repeat(24), '123456')).toEqual({ token: 't', expiresAt: 'x' });
    expect(seen).toEqual([
      { url: '/api/auth/candidate/start', body: { idNumber: ID, name: '张三' } },
      { url: '/api/auth/candidate/verify', body: { attempt: 'A'.repeat(24), code: '123456' } },
    ]);
  });

  it('a 428 with a challenge: solved in the page, then the start is sent again with a solution the server accepts', async () => {
    const challenge = await createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: 300,
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + 300,
      ...SECRETS,
    });
    const seen = stub([
      {
        status: 428,
        body: { error: { code: 'CHALLENGE_REQUIRED', message: '请先完成安全验证', details: { challenge } } },
      },
      { status: 202, body: { attempt: 'B'.repeat(24), expiresInSeconds: 300 } },
    ]);
    const working: boolean[] = [];
    const r = await startSignIn(ID, '张三', (w) => working.push(w));
    expect(r.attempt).toBe('B'.repeat(24));
    expect(working).toEqual([true, false]);
    const sent = seen[1]?.body ?? {};
    expect(sent).toMatchObject({ idNumber: ID, name: '张三', challenge: { challenge } });
    expect(sent.challenge.solution.counter).toBe(300);
    const check = await verifySolution({
      challenge: sent.challenge.challenge,
      solution: sent.challenge.solution,
      deriveKey,
      ...SECRETS,
    });
    expect(check.verified).toBe(true);
  });

  it('any other error (a 429, a 400 naming the field) reaches the form as it came, with nothing solved', async () => {
    stub([
      {
        status: 429,
        body: { error: { code: 'TOO_MANY_REQUESTS', message: '请于 16:10（北京时间）后再试' } },
      },
    ]);
    const e = await startSignIn(ID, '张三').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(429);
    expect((e as ApiError).message).toBe('请于 16:10（北京时间）后再试');
  });
});
