/**
 * The Pre Token Generation trigger (functions/handlers/staff-token.ts) with a fake user pool API: the
 * staff client's ID tokens get `mfa: totp | none` from the user's MFA settings (R1); other clients and
 * users in no staff group are left alone without a call; a failing read fails the token issue.
 */
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preTokenGeneration } from '../../functions/handlers/staff-token.js';
import { setUserPoolApi, type UserPoolApi } from '../../functions/lib/user-pool.js';

const POOL = 'ap-east-1_Pool';
const STAFF_CLIENT = 'staff-client-id';
const CANDIDATE_CLIENT = 'candidate-client-id';

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

/** A fake Cognito client: the two clients by name, each user's enabled MFA methods; every call recorded. */
function fakePool(mfa: Record<string, string[] | undefined>, opts: { failGetUser?: boolean } = {}) {
  const sent: Sent[] = [];
  const names: Record<string, string> = { [STAFF_CLIENT]: 'staff', [CANDIDATE_CLIENT]: 'candidate' };
  const send = vi.fn(async (c: { constructor: { name: string }; input: Record<string, unknown> }) => {
    sent.push({ command: c.constructor.name, input: c.input });
    if (c.constructor.name === 'DescribeUserPoolClientCommand')
      return { UserPoolClient: { ClientName: names[String(c.input.ClientId)] } };
    if (c.constructor.name === 'AdminGetUserCommand') {
      if (opts.failGetUser)
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      const username = String(c.input.Username);
      return { Username: username, UserMFASettingList: mfa[username] };
    }
    throw new Error(`unexpected command ${c.constructor.name}`);
  });
  setUserPoolApi({ send } as unknown as UserPoolApi);
  return { sent, send };
}

function tokenEvent(
  username: string,
  clientId: string,
  groups: string[],
  triggerSource: PreTokenGenerationTriggerEvent['triggerSource'] = 'TokenGeneration_Authentication',
): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'ap-east-1',
    userPoolId: POOL,
    triggerSource,
    userName: username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    request: {
      userAttributes: { sub: `sub-${username}`, 'custom:dept': 'zz' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: {} },
  } as PreTokenGenerationTriggerEvent;
}

const run = async (e: PreTokenGenerationTriggerEvent) =>
  (await preTokenGeneration(e, {} as never, () => {})) as PreTokenGenerationTriggerEvent;

afterEach(() => setUserPoolApi(null));

describe('staff token trigger (Pre Token Generation)', () => {
  it('R1: a staff sign-in with TOTP enrolled gets mfa=totp, read with AdminGetUser for that user of that pool', async () => {
    const pool = fakePool({ 'zz.verifier': ['SOFTWARE_TOKEN_MFA'] });
    const out = await run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']));
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ mfa: 'totp' });
    expect(pool.sent).toEqual([
      { command: 'DescribeUserPoolClientCommand', input: { UserPoolId: POOL, ClientId: STAFF_CLIENT } },
      { command: 'AdminGetUserCommand', input: { UserPoolId: POOL, Username: 'zz.verifier' } },
    ]);
  });

  it('R1: a staff account without TOTP gets mfa=none (the API then refuses it)', async () => {
    fakePool({ 'kf.verifier': undefined, 'hr.admin': [] });
    for (const [user, group] of [
      ['kf.verifier', 'verifier'],
      ['hr.admin', 'hr'],
    ] as const) {
      const out = await run(tokenEvent(user, STAFF_CLIENT, [group]));
      expect([user, out.response.claimsOverrideDetails.claimsToAddOrOverride]).toEqual([
        user,
        { mfa: 'none' },
      ]);
    }
  });

  it('R1: runs again on refresh, so the token after enrolment says totp; the client name is asked once', async () => {
    const mfa: Record<string, string[] | undefined> = { 'zz.verifier': [] };
    const pool = fakePool(mfa);
    let out = await run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']));
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ mfa: 'none' });
    mfa['zz.verifier'] = ['SOFTWARE_TOKEN_MFA'];
    out = await run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier'], 'TokenGeneration_RefreshTokens'));
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ mfa: 'totp' });
    expect(pool.sent.map((s) => s.command)).toEqual([
      'DescribeUserPoolClientCommand',
      'AdminGetUserCommand',
      'AdminGetUserCommand',
    ]);
  });

  it('changes nothing for the candidate client, and asks nothing for a user in no staff group', async () => {
    const pool = fakePool({ 'zz.verifier': [] });
    // a candidate: no group, so not even the client is looked up
    let e = tokenEvent('abcdefghijkmnpqrstuv', CANDIDATE_CLIENT, []);
    let out = await run(e);
    expect(out.response).toEqual({ claimsOverrideDetails: {} });
    expect(pool.sent).toEqual([]);
    // a group that is not a staff role is no staff group either
    out = await run(tokenEvent('someone', STAFF_CLIENT, ['other']));
    expect(out.response).toEqual({ claimsOverrideDetails: {} });
    expect(pool.sent).toEqual([]);
    // a staff group on another client: its name is looked up, the user is not
    e = tokenEvent('zz.verifier', CANDIDATE_CLIENT, ['verifier']);
    out = await run(e);
    expect(out.response).toEqual({ claimsOverrideDetails: {} });
    expect(pool.sent.map((s) => s.command)).toEqual(['DescribeUserPoolClientCommand']);
  });

  it('keeps claims another step already set, and overrides a claim named mfa', async () => {
    fakePool({ 'zz.verifier': [] });
    const e = tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']);
    e.response.claimsOverrideDetails = { claimsToAddOrOverride: { mfa: 'totp', other: 'x' } };
    const out = await run(e);
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ mfa: 'none', other: 'x' });
  });

  it('fails the token issue when the user pool cannot be read (no unchecked token); a failed name lookup is asked again', async () => {
    fakePool({}, { failGetUser: true });
    await expect(run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']))).rejects.toThrow('Rate exceeded');
    let calls = 0;
    const send = vi.fn(async () => {
      calls++;
      if (calls === 1) throw new Error('Rate exceeded');
      return calls === 2
        ? { UserPoolClient: { ClientName: 'staff' } }
        : { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] };
    });
    setUserPoolApi({ send } as unknown as UserPoolApi);
    await expect(run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']))).rejects.toThrow('Rate exceeded');
    const out = await run(tokenEvent('zz.verifier', STAFF_CLIENT, ['verifier']));
    expect(out.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ mfa: 'totp' });
    expect(calls).toBe(3);
  });
});
