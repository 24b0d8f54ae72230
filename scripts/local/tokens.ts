/**
 * Local stand-in for Cognito's tokens: the same claims, signed with a local ES256 key (jose), and
 * checked by the local gateway the way API Gateway's JWT authorizer checks them (issuer, audience,
 * expiry, signature). The key is kept under the data folder so sessions survive a restart.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { StaffRole } from '../../functions/domain/departments.js';
import { AUDIENCE, CLAIMS } from '../../functions/domain/principal.js';

export const LOCAL_ISSUER = 'urn:cert-workflow:local-issuer';
const TTL_SECONDS = 8 * 3600;

export interface LocalIssuer {
  staffToken(u: {
    username: string;
    role: StaffRole;
    deptId: string;
  }): Promise<{ token: string; expiresAt: string }>;
  candidateToken(personId: string): Promise<{ token: string; expiresAt: string }>;
  /** the authorizer: claims of a valid token for one of the audiences, else null */
  verify(token: string): Promise<JWTPayload | null>;
}

async function loadKey(file?: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  if (file && existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8'));
    const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
    const { d: _d, ...pub } = jwk;
    return { privateKey, publicKey: (await importJWK(pub, 'ES256')) as CryptoKey };
  }
  const pair = await generateKeyPair('ES256', { extractable: true });
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
  }
  return pair;
}

export async function localIssuer(keyFile?: string): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await loadKey(keyFile);
  const sign = async (claims: JWTPayload, aud: string, sub: string) => {
    const exp = Math.floor(Date.now() / 1000) + TTL_SECONDS;
    const token = await new SignJWT({ ...claims, token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(aud)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(privateKey);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  };
  return {
    staffToken: (u) =>
      sign(
        { [CLAIMS.username]: u.username, [CLAIMS.groups]: [u.role], [CLAIMS.dept]: u.deptId },
        AUDIENCE.staff,
        u.username,
      ),
    candidateToken: (personId) => sign({ [CLAIMS.username]: personId }, AUDIENCE.candidate, personId),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: [AUDIENCE.staff, AUDIENCE.candidate],
        });
        return payload;
      } catch {
        return null;
      }
    },
  };
}

/** API Gateway hands claims to Lambda as strings; arrays become "[a b]". */
export function claimsAsApiGateway(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}
