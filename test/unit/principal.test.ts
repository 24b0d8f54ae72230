/**
 * Who is calling (functions/domain/principal.ts): the claim names read from the JWT authorizer and the
 * two app clients' audiences. The names are a contract with Cognito (its ID tokens carry exactly these
 * claims) and with the local token issuer, so they are pinned here.
 */
import { describe, expect, it } from 'vitest';
import { AUDIENCE, CLAIMS } from '../../functions/domain/principal.js';

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
