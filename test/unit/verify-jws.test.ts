/**
 * The check page's signature check in the browser (R25): the page's own WebCrypto verifier
 * (web/public/verify-jws.ts), run here on Node's WebCrypto against certificates signed by the real
 * signer. Bad input is a reason, never an exception.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { certificateClaims } from '../../functions/domain/certificates.js';
import { localCertSigner } from '../../functions/lib/cert-signer.js';
import { certificateClaimsOf, jwsOfFragment, verifyCertificateJws } from '../../web/public/verify-jws.js';
import { SAMPLE_ID_NUMBER, sampleFacts } from '../support/certificates.js';

const claims = certificateClaims(sampleFacts(7));
const signer = localCertSigner(join(mkdtempSync(join(tmpdir(), 'verify-jws-')), 'keys'));
const enc = (v: unknown) => base64url.encode(JSON.stringify(v));

describe('the check page verifies the signed data in the browser (R25)', () => {
  it('R25: a certificate’s JWS verifies against the JWKS by its kid and gives its claims, the ID number masked', async () => {
    const jws = await signer.sign(claims);
    const jwks = await signer.publicKeys();
    const r = await verifyCertificateJws(jws, jwks);
    expect(r).toEqual({ ok: true, claims, kid: jwks.keys[0]?.kid });
    expect(JSON.stringify(r)).not.toContain(SAMPLE_ID_NUMBER);
    // as a QR scanner may hand it over: percent-encoded, with the '#'
    expect(jwsOfFragment(`#${encodeURIComponent(jws)}`)).toBe(jws);
    expect(jwsOfFragment('#')).toBeNull();
  });

  it('R25: changed data, an unknown kid, another algorithm, not a JWS, unreadable keys: not verified, and why', async () => {
    const jws = await signer.sign(claims);
    const jwks = await signer.publicKeys();
    const [h, p, s] = jws.split('.') as [string, string, string];
    const changed = enc({ ...claims, holder: { ...claims.holder, name: '王某某' } });
    expect(await verifyCertificateJws(`${h}.${changed}.${s}`, jwks)).toEqual({
      ok: false,
      reason: 'signature',
    });
    const sig = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    expect(await verifyCertificateJws(`${h}.${p}.${sig}`, jwks)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyCertificateJws(`${h}.${p}.${s.slice(0, 40)}`, jwks)).toEqual({
      ok: false,
      reason: 'signature',
    });
    const other = enc({ alg: 'ES256', kid: 'someone-else' });
    expect(await verifyCertificateJws(`${other}.${p}.${s}`, jwks)).toEqual({ ok: false, reason: 'kid' });
    const none = enc({ alg: 'none', kid: jwks.keys[0]?.kid });
    expect(await verifyCertificateJws(`${none}.${p}.${s}`, jwks)).toEqual({ ok: false, reason: 'alg' });
    const hs = enc({ alg: 'HS256', kid: jwks.keys[0]?.kid });
    expect(await verifyCertificateJws(`${hs}.${p}.${s}`, jwks)).toEqual({ ok: false, reason: 'alg' });
    for (const bad of [
      '',
      'hello',
      'a.b',
      'a.b.c.d',
      '!!.??.**',
      `${h}.${p}`,
      `x${h}.${p}.${s}`,
      'e'.repeat(9000),
    ])
      expect(await verifyCertificateJws(bad, jwks)).toEqual({ ok: false, reason: 'format' });
    expect(await verifyCertificateJws(jws, { nokeys: true })).toEqual({ ok: false, reason: 'keys' });
    expect(await verifyCertificateJws(jws, null)).toEqual({ ok: false, reason: 'keys' });
  });

  it('R25: signed data of another shape is not a certificate this page reads', async () => {
    expect(certificateClaimsOf(claims)).toEqual(claims);
    expect(certificateClaimsOf({ ...claims, v: 2 })).toBeNull();
    expect(certificateClaimsOf({ ...claims, holder: { name: '张三' } })).toBeNull();
    expect(certificateClaimsOf({ ...claims, exam: 'x' })).toBeNull();
    expect(certificateClaimsOf({ ...claims, issuer: 1 })).toBeNull();
    expect(certificateClaimsOf({ ...claims, specialty: 3 })).toBeNull();
    expect(certificateClaimsOf([claims])).toBeNull();
  });
});
