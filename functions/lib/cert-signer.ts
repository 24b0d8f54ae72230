/**
 * The certificate signer (R17, R25): signs a certificate's canonical claims as a compact JWS (ES256,
 * `kid` in the header) and lists the public keys (a JWKS) that verify it, behind one interface.
 *
 * - Locally: P-256 key files under the data directory (LOCAL_CERT_KEYS_DIR, `.local/cert-keys/`), one
 *   file per key, `0001.jwk.json`, `0002.jwk.json`, …; the highest is the current signing key. The first
 *   is made on first use; a rotation writes the next one. Old files stay, so their public keys stay in
 *   the JWKS and older certificates still verify.
 * - On AWS: an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY; infra/constructs/cert-keys.ts) whose
 *   private key never leaves KMS. `Sign` with MessageType RAW over the JWS signing input (KMS hashes it
 *   with SHA-256) returns a DER ECDSA signature, converted here to JOSE's raw r‖s (64 bytes);
 *   `GetPublicKey` returns the SPKI DER, converted to a JWK. Asymmetric KMS keys do not rotate
 *   themselves: a rotation is a new key, and the old key's `kid` is kept in the JWKS (`previousKeyIds`,
 *   and `publishJwks` never drops a published key).
 *
 * The KMS signer takes a minimal `send` (below) so it is tested with a fake backed by node:crypto; on
 * AWS `certSigner()` gives it the SDK client (`sdkKms`), with CERT_SIGNING_KEY_ID and, after a rotation,
 * CERT_PREVIOUS_KEY_IDS (comma-separated).
 *
 * A key's `kid` is its RFC 7638 JWK thumbprint: the same key gets the same `kid` wherever it is read.
 */

import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  base64url,
  CompactSign,
  type CryptoKey,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { type CertificateClaims, canonicalJson } from '../domain/certificates.js';
import { type SiteStore, siteStore } from './site-store.js';

export interface CertSigner {
  /** the claims as a compact JWS, signed by the current key */
  sign(claims: CertificateClaims): Promise<string>;
  /** every public key a certificate of this signer may carry the `kid` of: current and older ones */
  publicKeys(): Promise<JSONWebKeySet>;
}

const ALG = 'ES256';
const encoder = new TextEncoder();

/** A public JWK as the JWKS lists it. */
async function publicJwk(jwk: JWK): Promise<JWK> {
  const pub: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { ...pub, kid: await calculateJwkThumbprint(pub), alg: ALG, use: 'sig' };
}

// --- local: key files ---------------------------------------------------------------------------

export interface LocalCertSigner extends CertSigner {
  /** a new signing key (a new file); the old ones stay for verification; the new key's kid */
  rotate(): Promise<string>;
}

interface LocalKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const KEY_FILE = /^(\d{4})\.jwk\.json$/;

export function localCertSigner(dir: string): LocalCertSigner {
  let keys: Promise<LocalKey[]> | null = null;

  async function load(): Promise<LocalKey[]> {
    mkdirSync(dir, { recursive: true });
    const files = (await readdir(dir)).filter((f) => KEY_FILE.test(f)).sort();
    if (!files.length) {
      await writeKey(1);
      return load();
    }
    return Promise.all(
      files.map(async (f) => {
        const jwk = JSON.parse(await readFile(join(dir, f), 'utf8')) as JWK;
        const publicJwkOf = await publicJwk(jwk);
        return {
          kid: publicJwkOf.kid as string,
          privateKey: (await importJWK(jwk, ALG)) as CryptoKey,
          publicJwk: publicJwkOf,
        };
      }),
    );
  }

  /** Writes key file n; a file already there (another process made it first) is kept. */
  async function writeKey(n: number): Promise<void> {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const name = `${String(n).padStart(4, '0')}.jwk.json`;
    await writeFile(join(dir, name), JSON.stringify(await exportJWK(privateKey)), {
      mode: 0o600,
      flag: 'wx',
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }

  const all = () => {
    keys ??= load().catch((e) => {
      keys = null;
      throw e;
    });
    return keys;
  };

  return {
    async sign(claims) {
      const list = await all();
      const current = list[list.length - 1] as LocalKey;
      return new CompactSign(encoder.encode(canonicalJson(claims)))
        .setProtectedHeader({ alg: ALG, kid: current.kid })
        .sign(current.privateKey);
    },
    async publicKeys() {
      return { keys: (await all()).map((k) => k.publicJwk) };
    },
    async rotate() {
      const list = await all();
      await writeKey(list.length + 1);
      keys = null;
      const next = await all();
      return (next[next.length - 1] as LocalKey).kid;
    },
  };
}

// --- AWS: an asymmetric KMS key -----------------------------------------------------------------

export type KmsCall =
  | {
      op: 'Sign';
      input: { KeyId: string; Message: Uint8Array; MessageType: 'RAW'; SigningAlgorithm: 'ECDSA_SHA_256' };
    }
  | { op: 'GetPublicKey'; input: { KeyId: string } };

/** The two KMS calls the signer makes, as the SDK answers them (fields it does not use left out). */
export interface KmsSend {
  send(call: KmsCall): Promise<{ Signature?: Uint8Array; PublicKey?: Uint8Array; KeySpec?: string }>;
}

/** KMS signs a RAW message of at most 4096 bytes. */
export const KMS_RAW_MAX = 4096;

/**
 * An ECDSA signature in DER (`SEQUENCE { INTEGER r, INTEGER s }`, as KMS returns it) in JOSE's form:
 * r and s each as `size` big-endian bytes, concatenated (RFC 7518 §3.4; 64 bytes for P-256).
 */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  let at = 0;
  const byte = () => {
    if (at >= der.length) throw new Error('DER signature is truncated');
    return der[at++] as number;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    let n = 0;
    for (let i = first & 0x7f; i > 0; i--) n = n * 256 + byte();
    return n;
  };
  if (byte() !== 0x30) throw new Error('DER signature is not a SEQUENCE');
  if (length() !== der.length - at) throw new Error('DER signature has a wrong length');
  const out = new Uint8Array(size * 2);
  for (const half of [0, 1]) {
    if (byte() !== 0x02) throw new Error('DER signature part is not an INTEGER');
    const len = length();
    if (at + len > der.length) throw new Error('DER signature is truncated');
    let int = der.subarray(at, at + len);
    at += len;
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    if (int.length > size) throw new Error('DER signature integer is too long');
    out.set(int, half * size + size - int.length);
  }
  if (at !== der.length) throw new Error('DER signature has trailing bytes');
  return out;
}

/** A P-256 public key in SPKI DER (as KMS GetPublicKey returns it) as a JWK. */
export function spkiToJwk(spki: Uint8Array): JWK {
  const key: KeyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const jwk = key.export({ format: 'jwk' }) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('the signing key is not an EC P-256 key');
  return jwk;
}

/** The SDK client as the KMS signer's `send`: the two commands it makes. */
export function sdkKms(kms: Pick<KMSClient, 'send'>): KmsSend {
  return {
    send: (c) =>
      c.op === 'Sign' ? kms.send(new SignCommand(c.input)) : kms.send(new GetPublicKeyCommand(c.input)),
  };
}

export function kmsCertSigner(opts: {
  /** the current signing key (its id, ARN or alias ARN) */
  keyId: string;
  /** keys signed with before a rotation: their public keys stay in the JWKS */
  previousKeyIds?: string[];
  kms: KmsSend;
}): CertSigner {
  const cache = new Map<string, Promise<JWK>>();
  const jwkOf = (keyId: string) => {
    let p = cache.get(keyId);
    if (!p) {
      p = opts.kms.send({ op: 'GetPublicKey', input: { KeyId: keyId } }).then(({ PublicKey }) => {
        if (!PublicKey) throw new Error(`GetPublicKey returned no public key for ${keyId}`);
        return publicJwk(spkiToJwk(PublicKey));
      });
      p.catch(() => cache.delete(keyId));
      cache.set(keyId, p);
    }
    return p;
  };
  return {
    async sign(claims) {
      const { kid } = await jwkOf(opts.keyId);
      const header = base64url.encode(JSON.stringify({ alg: ALG, kid }));
      const input = `${header}.${base64url.encode(canonicalJson(claims))}`;
      const message = encoder.encode(input);
      if (message.length > KMS_RAW_MAX) throw new Error(`certificate data over ${KMS_RAW_MAX} bytes`);
      const { Signature } = await opts.kms.send({
        op: 'Sign',
        input: { KeyId: opts.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' },
      });
      if (!Signature) throw new Error('KMS Sign returned no signature');
      return `${input}.${base64url.encode(derToJose(Signature))}`;
    },
    async publicKeys() {
      const ids = [opts.keyId, ...(opts.previousKeyIds ?? [])];
      return { keys: await Promise.all(ids.map(jwkOf)) };
    },
  };
}

// --- verification -------------------------------------------------------------------------------

export type VerifyResult =
  | { ok: true; claims: CertificateClaims; kid: string }
  | { ok: false; reason: 'bad_signature' | 'unknown_key' | 'malformed' };

function looksLikeClaims(c: unknown): c is CertificateClaims {
  const x = c as CertificateClaims;
  return (
    !!x &&
    typeof x === 'object' &&
    x.v === 1 &&
    x.kind === 'electronic' &&
    typeof x.number === 'string' &&
    typeof x.holder?.name === 'string' &&
    typeof x.exam?.id === 'string' &&
    typeof x.issuedAt === 'string'
  );
}

/** A certificate's claims if its JWS is signed by a key of the JWKS, else why not. */
export async function verifyCertificate(jws: string, jwks: JSONWebKeySet): Promise<VerifyResult> {
  let result: Awaited<ReturnType<typeof compactVerify>>;
  try {
    result = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: [ALG] });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { ok: false, reason: 'bad_signature' };
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') return { ok: false, reason: 'unknown_key' };
    return { ok: false, reason: 'malformed' };
  }
  const kid = result.protectedHeader.kid;
  if (!kid) return { ok: false, reason: 'malformed' };
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(result.payload));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!looksLikeClaims(claims)) return { ok: false, reason: 'malformed' };
  return { ok: true, claims, kid };
}

// --- the published JWKS -------------------------------------------------------------------------

/** The site path of the public keys (served as `/.well-known/jwks.json`). */
export const JWKS_KEY = '.well-known/jwks.json';

/** The signers whose keys this process has published (publishJwks), so ensureJwksPublished does not again. */
const publishedBy = new WeakSet<CertSigner>();

/**
 * Publishes the signer's public keys at `/.well-known/jwks.json` on the static site, keeping every key
 * already published there (a certificate signed by a retired key still verifies). The issuance's
 * broadcast job calls it in its first step, before it wakes any candidate (functions/acts/job-runner.ts);
 * the IssueElectronic step makes sure of it before it signs (ensureJwksPublished). The merged set.
 */
export async function publishJwks(signer: CertSigner, site: SiteStore = siteStore()): Promise<JSONWebKeySet> {
  const current = (await signer.publicKeys()).keys;
  let published: JWK[] = [];
  const text = await site.read(JWKS_KEY);
  if (text) {
    try {
      const parsed = JSON.parse(text) as JSONWebKeySet;
      if (Array.isArray(parsed.keys)) published = parsed.keys;
    } catch {
      // an unreadable file is replaced by the signer's keys
    }
  }
  const kids = new Set(current.map((k) => k.kid));
  const jwks = { keys: [...current, ...published.filter((k) => k.kid && !kids.has(k.kid))] };
  if (text !== JSON.stringify(jwks)) {
    await site.put([{ key: JWKS_KEY, body: JSON.stringify(jwks), contentType: 'application/json' }]);
    await site.invalidate([`/${JWKS_KEY}`]);
  }
  publishedBy.add(signer);
  return jwks;
}

/**
 * R17: the signer's public keys published before a certificate it signs — once per process and signer
 * (publishJwks, unless this process has already). The IssueElectronic step calls it before it signs, so
 * a candidate whose lifecycle reaches the issuance before the broadcast job's first step (an appeal
 * upheld, a wait run out, just after hr's issuance) is not signed before the keys are up.
 */
export async function ensureJwksPublished(signer: CertSigner, site?: SiteStore): Promise<void> {
  if (!publishedBy.has(signer)) await publishJwks(signer, site);
}

// --- the process's signer -----------------------------------------------------------------------

let currentSigner: CertSigner | null = null;

/** The signer: set by the local runtime (or a test), else the key files under LOCAL_CERT_KEYS_DIR. */
export function certSigner(): CertSigner {
  if (currentSigner) return currentSigner;
  const dir = process.env.LOCAL_CERT_KEYS_DIR;
  const keyId = process.env.CERT_SIGNING_KEY_ID;
  if (dir) currentSigner = localCertSigner(dir);
  else if (keyId)
    currentSigner = kmsCertSigner({
      keyId,
      previousKeyIds: (process.env.CERT_PREVIOUS_KEY_IDS ?? '').split(',').filter(Boolean),
      kms: sdkKms(new KMSClient({})),
    });
  else throw new Error('neither LOCAL_CERT_KEYS_DIR nor CERT_SIGNING_KEY_ID is set');
  return currentSigner;
}

export function setCertSigner(s: CertSigner | null): void {
  currentSigner = s;
}
