/**
 * Local staff sign-in: repeated wrong passwords lock the username for a while, refused before the
 * password is looked at; an unknown username gets the same answers after the same work.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffSignIn } from '../../functions/acts/login.js';
import { keys } from '../../functions/data/tables.js';
import { STAFF_MAX_FAILURES } from '../../functions/domain/login.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const login = (username: string, password: string) =>
  api.call('POST', '/api/auth/staff/login', { body: { username, password } });

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

describe('staff sign-in (local mode)', () => {
  it(`locks a username after ${STAFF_MAX_FAILURES} wrong passwords: even the right one is refused (429), and nothing is written`, async () => {
    for (let i = 1; i < STAFF_MAX_FAILURES; i++) {
      const r = await login('xh.verifier', `wrong-${i}`);
      expect([i, r.status, r.body.error.code]).toEqual([i, 401, 'UNAUTHENTICATED']);
    }
    const last = await login('xh.verifier', 'wrong-last');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(800);
    const audits = async () =>
      (
        await ddb.send(
          new QueryCommand({
            TableName: tableName('audit'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'STAFF#xh.verifier' },
          }),
        )
      ).Items?.length ?? 0;
    const before = await audits();
    const right = await login('xh.verifier', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('LOCKED');
    expect(await audits()).toBe(before);
    // another account is not affected
    expect((await login('zjt.verifier', DEMO_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown username exactly as a real one with a wrong password, locks it the same way', async () => {
    const real = await login('zz.verifier', 'not-the-password');
    const unknown = await login('no.such.user', 'not-the-password');
    expect(unknown.status).toBe(real.status);
    expect(unknown.body).toEqual(real.body);
    for (let i = 2; i < STAFF_MAX_FAILURES; i++) await login('no.such.user', `x${i}`);
    expect((await login('no.such.user', 'x')).status).toBe(429);
  });

  it('checks the password against a decoy when the account does not exist (the same work for both)', async () => {
    const seen: string[] = [];
    const check = (_p: string, hash: string) => {
      seen.push(hash);
      return false;
    };
    await expect(staffSignIn('nobody.at.all', 'pw', check, 'decoy-hash')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(seen).toEqual(['decoy-hash']);
  });

  it(`guesses sent at the same time each count: of 12 parallel wrong passwords at most ${STAFF_MAX_FAILURES} are checked`, async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('zjt.verifier', `parallel-${i}`)),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(STAFF_MAX_FAILURES - 1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - STAFF_MAX_FAILURES);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect((await login('zjt.verifier', DEMO_PASSWORD)).status).toBe(429);
  });

  it('a burst sent the moment a lock runs out gets no more guesses than a fresh count allows', async () => {
    // a lock that ran out a second ago
    await ddb.send(
      new PutCommand({
        TableName: tableName('auth'),
        Item: { ...keys.signInGuard('zz.verifier'), failures: 5, lockedUntil: Date.now() - 1000 },
      }),
    );
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('zz.verifier', `after-lock-${i}`)),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    expect(checked).toBeLessThanOrEqual(STAFF_MAX_FAILURES - 1);
    expect(burst.filter((r) => r.status === 429).length).toBe(12 - checked);
  });
});
