/**
 * The check page's signature check (R25), in the browser with WebCrypto alone: a certificate's compact
 * JWS (ES256, `kid` in the header) against the published keys (`/.well-known/jwks.json`). Base64url is
 * decoded here, the key is imported as a JWK (EC P-256), and the signature is JWS's raw r‖s (64 bytes),
 * which is what WebCrypto's ECDSA takes. Every failure is a reason, never an exception.
 */
import type { CertificateClaims } from '../../functions/domain/certificates.js';

export type NotVerified =
  /** not three base64url parts, or a part that is not JSON */
  | 'format'
  /** signed with another algorithm than ES256 */
  | 'alg'
  /** no published key has the header's kid */
  | 'kid'
  /** the signature does not fit the data: changed, or made with another key */
  | 'signature'
  /** signed, but not certificate data this page knows */
  | 'claims'
  /** the published keys could not be read */
  | 'keys';

export type Verified =
  | { ok: true; claims: CertificateClaims; kid: string }
  | { ok: false; reason: NotVerified };

/** A URL fragment's JWS is at most this long (the QR code holds about 800 characters). */
export const MAX_JWS_LENGTH = 8000;
const PART = /^[A-Za-z0-9_-]+$/;

export function base64urlBytes(s: string): Uint8Array<ArrayBuffer> | null {
  if (!PART.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (s.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function jsonOf(bytes: Uint8Array<ArrayBuffer> | null): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';

/** The claims of the one format this page reads (v 1), else null. */
export function certificateClaimsOf(v: unknown): CertificateClaims | null {
  if (!isObject(v) || v.v !== 1 || v.kind !== 'electronic') return null;
  const { holder, exam } = v;
  if (!isObject(holder) || !str(holder.name) || !str(holder.idNumberMasked)) return null;
  if (!isObject(exam) || !str(exam.id) || !str(exam.name)) return null;
  if (!str(v.number) || !str(v.issuedAt) || !str(v.issuer)) return null;
  if (v.specialty !== undefined && !str(v.specialty)) return null;
  return v as unknown as CertificateClaims;
}

/** The fragment of a check link (`#<JWS>`, maybe percent-encoded by a scanner app), or null if none. */
export function jwsOfFragment(hash: string): string | null {
  let s = hash.replace(/^#/, '').trim();
  if (!s) return null;
  try {
    s = decodeURIComponent(s);
  } catch {
    // left as it is: the check then says it is not a JWS
  }
  return s;
}

/** Verifies a compact JWS against a JWKS. */
export async function verifyCertificateJws(
  jws: string,
  jwks: unknown,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<Verified> {
  const fail = (reason: NotVerified): Verified => ({ ok: false, reason });
  const parts = jws.length <= MAX_JWS_LENGTH ? jws.split('.') : [];
  if (parts.length !== 3) return fail('format');
  const [h, p, s] = parts as [string, string, string];
  const header = jsonOf(base64urlBytes(h));
  const payload = base64urlBytes(p);
  const signature = base64urlBytes(s);
  if (!isObject(header) || !payload || !signature) return fail('format');
  if (header.alg !== 'ES256') return fail('alg');
  const keys = isObject(jwks) && Array.isArray(jwks.keys) ? (jwks.keys as unknown[]) : null;
  if (!keys) return fail('keys');
  const kid = header.kid;
  const jwk = keys.find(
    (k): k is Record<string, unknown> =>
      isObject(k) && str(kid) && k.kid === kid && k.kty === 'EC' && k.crv === 'P-256',
  );
  if (!str(kid) || !jwk || !str(jwk.x) || !str(jwk.y)) return fail('kid');
  let ok = false;
  try {
    const key = await subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    ok =
      signature.length === 64 &&
      (await subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        key,
        signature,
        new TextEncoder().encode(`${h}.${p}`),
      ));
  } catch {
    return fail('kid');
  }
  if (!ok) return fail('signature');
  const claims = certificateClaimsOf(jsonOf(payload));
  return claims ? { ok: true, claims, kid } : fail('claims');
}
