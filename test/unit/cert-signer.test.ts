import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, CompactSign, decodeProtectedHeader, importJWK, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { certificateClaims } from '../../functions/domain/certificates.js';
import {
  derToJose,
  JWKS_KEY,
  type KmsCall,
  type KmsSend,
  kmsCertSigner,
  localCertSigner,
  publishJwks,
  sdkKms,
  verifyCertificate,
} from '../../functions/lib/cert-signer.js';
import { folderSite } from '../../functions/lib/site-store.js';
import { SAMPLE_ID_NUMBER, sampleFacts } from '../support/certificates.js';

const ID = SAMPLE_ID_NUMBER;
const { specialty: _none, ...withoutSpecialty } = sampleFacts(7);
const claims = certificateClaims(withoutSpecialty);
const tmp = () => mkdtempSync(join(tmpdir(), 'cert-signer-'));

/** A character of a base64url string changed to another one. */
const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;

describe('local signer (R17)', () => {
  it('R17: a certificate signed as a compact JWS (ES256, kid in the header) verifies with the JWKS', async () => {
    const signer = localCertSigner(join(tmp(), 'keys'));
    const jws = await signer.sign(claims);
    const jwks = await signer.publicKeys();
    expect(jws.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: jwks.keys[0]?.kid });
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(await verifyCertificate(jws, jwks)).toEqual({ ok: true, claims, kid: jwks.keys[0]?.kid });
  });

  it('R17: the key is made once, on first use, and read back by another signer on the same folder', async () => {
    const dir = join(tmp(), 'keys');
    const a = localCertSigner(dir);
    const jws = await a.sign(claims);
    expect(readdirSync(dir)).toEqual(['0001.jwk.json']);
    const b = localCertSigner(dir);
    expect(await b.publicKeys()).toEqual(await a.publicKeys());
    expect((await verifyCertificate(await b.sign(claims), await a.publicKeys())).ok).toBe(true);
    expect((await verifyCertificate(jws, await b.publicKeys())).ok).toBe(true);
  });

  it('R25: a changed byte fails: in the signed data (bad_signature), the signature, or the header', async () => {
    const signer = localCertSigner(join(tmp(), 'keys'));
    const jws = await signer.sign(claims);
    const jwks = await signer.publicKeys();
    const [h, p, s] = jws.split('.') as [string, string, string];
    // the holder's name changed in the payload, re-encoded: a valid JWS shape whose signature fails
    const forged = base64url.encode(
      JSON.stringify({ ...claims, holder: { ...claims.holder, name: '李四' } }),
    );
    expect(await verifyCertificate(`${h}.${forged}.${s}`, jwks)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(await verifyCertificate(`${h}.${flip(p, 5)}.${s}`, jwks)).toMatchObject({ ok: false });
    expect(await verifyCertificate(`${h}.${p}.${flip(s, 10)}`, jwks)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect((await verifyCertificate(`${flip(h, 3)}.${p}.${s}`, jwks)).ok).toBe(false);
  });

  it('R25: an unknown kid fails (unknown_key); a JWS signed by another key under a known kid fails', async () => {
    const a = localCertSigner(join(tmp(), 'a'));
    const b = localCertSigner(join(tmp(), 'b'));
    const jws = await b.sign(claims);
    expect(await verifyCertificate(jws, await a.publicKeys())).toEqual({ ok: false, reason: 'unknown_key' });
    // b's signature under a's kid
    const [, p, s] = jws.split('.') as [string, string, string];
    const kid = (await a.publicKeys()).keys[0]?.kid;
    const header = base64url.encode(JSON.stringify({ alg: 'ES256', kid }));
    expect(await verifyCertificate(`${header}.${p}.${s}`, await a.publicKeys())).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('R25: what is not a certificate JWS is malformed, never an exception', async () => {
    const dir = join(tmp(), 'keys');
    const signer = localCertSigner(dir);
    const jwks = await signer.publicKeys();
    for (const bad of ['', 'abc', 'a.b', 'a.b.c', '...', 'x'.repeat(5000), '%%.%%.%%'])
      expect([bad.slice(0, 10), await verifyCertificate(bad, jwks)]).toEqual([
        bad.slice(0, 10),
        { ok: false, reason: 'malformed' },
      ]);
    // signed by the right key, but not certificate data, or without a kid
    const key = await importJWK(JSON.parse(readFileSync(join(dir, '0001.jwk.json'), 'utf8')), 'ES256');
    const kid = jwks.keys[0]?.kid as string;
    const signed = (payload: string, header: Record<string, string> = { alg: 'ES256', kid }) =>
      new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(header as never).sign(key);
    for (const payload of ['not json', '{"v":1}', JSON.stringify({ ...claims, kind: 'paper' }), 'null'])
      expect([payload, await verifyCertificate(await signed(payload), jwks)]).toEqual([
        payload,
        { ok: false, reason: 'malformed' },
      ]);
    const noKid = await signed(JSON.stringify(claims), { alg: 'ES256' });
    expect(await verifyCertificate(noKid, jwks)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyCertificate(await signed(JSON.stringify(claims)), jwks)).toMatchObject({ ok: true });
  });

  it('R25: after a key rotation new certificates carry the new kid and older certificates still verify', async () => {
    const dir = join(tmp(), 'keys');
    const signer = localCertSigner(dir);
    const old = await signer.sign(claims);
    const oldKid = decodeProtectedHeader(old).kid;
    const newKid = await signer.rotate();
    expect(newKid).not.toBe(oldKid);
    const fresh = await signer.sign(claims);
    expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
    const jwks = await signer.publicKeys();
    expect(jwks.keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    expect(await verifyCertificate(old, jwks)).toMatchObject({ ok: true, kid: oldKid });
    expect(await verifyCertificate(fresh, jwks)).toMatchObject({ ok: true, kid: newKid });
    expect(readdirSync(dir).sort()).toEqual(['0001.jwk.json', '0002.jwk.json']);
  });

  it('N4: the signed data holds no full ID number, nor its SHA-256', async () => {
    const jws = await localCertSigner(join(tmp(), 'keys')).sign(claims);
    const payload = new TextDecoder().decode(base64url.decode(jws.split('.')[1] as string));
    expect(payload).toContain('4101**********901X');
    expect(payload).not.toContain(ID);
    expect(jws).not.toContain(ID);
    expect(payload).not.toContain(createHash('sha256').update(ID).digest('hex'));
    expect(payload).not.toContain(createHash('sha256').update(ID).digest('base64url'));
  });
});

/** A fake KMS at the edge: node:crypto keys, answering as KMS does (DER signatures, SPKI DER keys). */
function fakeKms() {
  const keys = new Map<string, ReturnType<typeof generateKeyPairSync>>();
  const calls: KmsCall[] = [];
  const pair = (id: string) => {
    const k = keys.get(id) ?? generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keys.set(id, k);
    return k;
  };
  const kms: KmsSend = {
    async send(call) {
      calls.push(call);
      const k = pair(call.input.KeyId);
      if (call.op === 'GetPublicKey')
        return { PublicKey: k.publicKey.export({ type: 'spki', format: 'der' }), KeySpec: 'ECC_NIST_P256' };
      expect(call.input).toMatchObject({ MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
      // KMS hashes a RAW message with SHA-256 and answers the ECDSA signature DER-encoded
      return { Signature: nodeSign('sha256', call.input.Message, k.privateKey) };
    },
  };
  return { kms, calls };
}

describe('KMS signer (R17)', () => {
  it('R17: KMS DER signatures become JOSE r||s and verify against the JWK made from its SPKI key', async () => {
    const { kms, calls } = fakeKms();
    const signer = kmsCertSigner({ keyId: 'alias/cert-signing', kms });
    const jwks = await signer.publicKeys();
    for (let i = 0; i < 20; i++) {
      const jws = await signer.sign({ ...claims, issuedAt: `2025-12-${String(i + 1).padStart(2, '0')}` });
      expect(base64url.decode(jws.split('.')[2] as string)).toHaveLength(64);
      expect((await verifyCertificate(jws, jwks)).ok).toBe(true);
    }
    // the public key is asked once, then kept
    expect(calls.filter((c) => c.op === 'GetPublicKey')).toHaveLength(1);
  });

  it('R25: a KMS key rotation: the old key id is kept, and its certificates still verify', async () => {
    const { kms } = fakeKms();
    const old = await kmsCertSigner({ keyId: 'key-1', kms }).sign(claims);
    const rotated = kmsCertSigner({ keyId: 'key-2', previousKeyIds: ['key-1'], kms });
    const jwks = await rotated.publicKeys();
    expect(jwks.keys).toHaveLength(2);
    expect(await verifyCertificate(old, jwks)).toMatchObject({ ok: true });
    expect(await verifyCertificate(await rotated.sign(claims), jwks)).toMatchObject({ ok: true });
    expect(decodeProtectedHeader(await rotated.sign(claims)).kid).toBe(jwks.keys[0]?.kid);
  });

  it('R17: a KMS answer without a signature or key is an error', async () => {
    const empty: KmsSend = { send: async () => ({}) };
    await expect(kmsCertSigner({ keyId: 'k', kms: empty }).sign(claims)).rejects.toThrow(/public key/);
  });

  it('R17: DER integers shorter than 32 bytes are left-padded, a leading 0x00 is dropped', () => {
    const r = new Uint8Array(31).fill(1);
    const s = new Uint8Array([0x00, 0x80, ...new Uint8Array(31).fill(2)]);
    const der = new Uint8Array([
      0x30,
      2 + r.length + 2 + s.length,
      0x02,
      r.length,
      ...r,
      0x02,
      s.length,
      ...s,
    ]);
    const jose = derToJose(der);
    expect(jose).toHaveLength(64);
    expect([...jose.subarray(0, 32)]).toEqual([0, ...r]);
    expect([...jose.subarray(32)]).toEqual([0x80, ...new Uint8Array(31).fill(2)]);
    expect(() => derToJose(new Uint8Array([0x31, 0]))).toThrow(/SEQUENCE/);
    expect(() => derToJose(der.subarray(0, der.length - 1))).toThrow();
    expect(() => derToJose(new Uint8Array([0x30, 3, 0x04, 1, 0]))).toThrow(/INTEGER/);
  });
});

describe('published JWKS (R25)', () => {
  it('R25: the public keys go to /.well-known/jwks.json, and a key published once is never dropped', async () => {
    const site = folderSite(tmp());
    const a = localCertSigner(join(tmp(), 'a'));
    const first = await publishJwks(a, site);
    expect(JSON.parse((await site.read(JWKS_KEY)) ?? '')).toEqual(first);
    expect(first.keys.some((k) => 'd' in k)).toBe(false);
    // another signer (e.g. a new KMS key configured without the old id): the old kid stays published
    const b = localCertSigner(join(tmp(), 'b'));
    const merged: JSONWebKeySet = await publishJwks(b, site);
    expect(merged.keys.map((k) => k.kid)).toEqual([(await b.publicKeys()).keys[0]?.kid, first.keys[0]?.kid]);
    expect(await verifyCertificate(await a.sign(claims), merged)).toMatchObject({ ok: true });
    expect(await publishJwks(b, site)).toEqual(merged);
  });
});

describe('the SDK adapter (R17)', () => {
  it('R17: sdkKms sends Sign and GetPublicKey as the SDK commands, with the input unchanged', async () => {
    const sent: { name: string; input: unknown }[] = [];
    const kms = {
      send: async (c: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: c.constructor.name, input: c.input });
        return { Signature: new Uint8Array([1]) };
      },
    };
    const adapter = sdkKms(kms as never);
    const sign = {
      KeyId: 'k',
      Message: new Uint8Array([2]),
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    } as const;
    expect(await adapter.send({ op: 'Sign', input: sign })).toEqual({ Signature: new Uint8Array([1]) });
    await adapter.send({ op: 'GetPublicKey', input: { KeyId: 'k' } });
    expect(sent).toEqual([
      { name: 'SignCommand', input: sign },
      { name: 'GetPublicKeyCommand', input: { KeyId: 'k' } },
    ]);
  });
});
