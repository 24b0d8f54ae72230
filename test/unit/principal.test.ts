/**
 * Who is calling (functions/domain/principal.ts): the claim names read from the JWT authorizer and the
 * two app clients' audiences. The names are a contract with Cognito (its ID tokens carry exactly these
 * claims) and with the local token issuer, so they are pinned here. And the staff MFA rule: on AWS a
 * staff token counts only with TOTP enrolled (the `mfa` claim of functions/handlers/staff-token.ts).
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  AUDIENCE,
  CLAIMS,
  hasStaffMfa,
  MFA_CLAIM,
  MFA_REQUIRED_MESSAGE,
  STAFF_MFA,
  staffMfaOf,
} from '../../functions/domain/principal.js';
import { type HttpEvent, httpHandler, principalOf } from '../../functions/lib/http.js';

describe('principal claims', () => {
  it('R1: staff role, username and department are read from the Cognito claim names', () => {
    expect(CLAIMS).toEqual({
      groups: 'cognito:groups',
      username: 'cognito:username',
      dept: 'custom:dept',
    });
  });

  it('the console and the portal are told apart by their token audience', () => {
    expect(AUDIENCE).toEqual({ staff: 'staff', candidate: 'candidate' });
    expect(AUDIENCE.staff).not.toBe(AUDIENCE.candidate);
  });
});

const staffClaims = (extra: Record<string, string> = {}) => ({
  sub: 'sub-1',
  aud: 'staff-client-id',
  [CLAIMS.username]: 'zz.verifier',
  [CLAIMS.groups]: '[verifier]',
  [CLAIMS.dept]: 'zz',
  ...extra,
});
const eventWith = (claims: Record<string, string> | null) =>
  ({
    routeKey: 'GET /api/me',
    rawPath: '/api/me',
    headers: {},
    isBase64Encoded: false,
    requestContext: claims
      ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } }
      : {},
  }) as unknown as HttpEvent;

describe('staff MFA (functions/domain/principal.ts, functions/lib/http.ts)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const onAws = () => {
    vi.stubEnv('STAFF_CLIENT_ID', 'staff-client-id');
    vi.stubEnv('CANDIDATE_CLIENT_ID', 'candidate-client-id');
  };

  it('R1: the claim is `mfa`; an account counts as enrolled only with the software token (TOTP) enabled', () => {
    expect(MFA_CLAIM).toBe('mfa');
    expect(staffMfaOf(['SOFTWARE_TOKEN_MFA'])).toBe('totp');
    expect(staffMfaOf(['SMS_MFA', 'SOFTWARE_TOKEN_MFA'])).toBe('totp');
    expect(staffMfaOf(['SMS_MFA'])).toBe('none');
    expect(staffMfaOf([])).toBe('none');
    expect(staffMfaOf(undefined)).toBe('none');
    expect(STAFF_MFA).toEqual({ totp: 'totp', none: 'none' });
  });

  it('R1: only the claim `totp` satisfies the rule', () => {
    expect(hasStaffMfa({ mfa: 'totp' })).toBe(true);
    for (const claims of [{ mfa: 'none' }, {}, { mfa: 'TOTP' }, { mfa: true }, { MFA: 'totp' }])
      expect([claims, hasStaffMfa(claims)]).toEqual([claims, false]);
  });

  it('R1: on AWS a staff token without TOTP is refused with UNAUTHENTICATED and its own message; with TOTP it is the staff member', () => {
    onAws();
    for (const claims of [staffClaims(), staffClaims({ mfa: 'none' })]) {
      let refused: unknown;
      try {
        principalOf(eventWith(claims));
      } catch (e) {
        refused = e;
      }
      expect(refused).toBeInstanceOf(DomainError);
      expect([(refused as DomainError).status, (refused as DomainError).code]).toEqual([
        401,
        'UNAUTHENTICATED',
      ]);
      expect((refused as DomainError).message).toBe(MFA_REQUIRED_MESSAGE);
      expect(MFA_REQUIRED_MESSAGE).toContain('动态口令（TOTP）');
    }
    expect(principalOf(eventWith(staffClaims({ mfa: 'totp' })))).toEqual({
      kind: 'staff',
      username: 'zz.verifier',
      role: 'verifier',
      deptId: 'zz',
    });
    // an account with no role or department is still nobody (its own answer), MFA or not
    expect(principalOf(eventWith(staffClaims({ [CLAIMS.groups]: '[]' })))).toBeNull();
  });

  it('R1: candidates on AWS and staff in local mode (tokens with no mfa claim) are unaffected', () => {
    onAws();
    expect(
      principalOf(eventWith({ sub: 's', aud: 'candidate-client-id', [CLAIMS.username]: 'person-1' })),
    ).toEqual({ kind: 'candidate', personId: 'person-1' });
    vi.unstubAllEnvs();
    vi.stubEnv('STAFF_CLIENT_ID', undefined);
    expect(principalOf(eventWith({ ...staffClaims(), aud: AUDIENCE.staff }))).toMatchObject({
      kind: 'staff',
      username: 'zz.verifier',
    });
  });

  it('R1: the refusal reaches the caller as a 401 in the one error shape', async () => {
    onAws();
    const handler = httpHandler({ access: 'staff', input: {} }, async () => ({ ok: true }));
    const res = await handler(eventWith(staffClaims({ mfa: 'none' })), {} as Context);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: { code: 'UNAUTHENTICATED', message: MFA_REQUIRED_MESSAGE },
    });
    const ok = await handler(eventWith(staffClaims({ mfa: 'totp' })), {} as Context);
    expect([ok.statusCode, JSON.parse(ok.body ?? '')]).toEqual([200, { ok: true }]);
  });
});
