/**
 * Issue 14 §4, R1: forged and misused tokens against the local gateway, which checks them as API
 * Gateway's JWT authorizer does (scripts/local/tokens.ts: signature, issuer, audience, expiry) before
 * the handler reads the claims (functions/lib/http.ts `principalOf`: staff or candidate by audience).
 * Each attack is answered 401 or 403 and the handler does no work: every table holds what it held.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableId, tables } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { AUDIENCE, CLAIMS } from '../../functions/domain/principal.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { LOCAL_ISSUER } from '../../scripts/local/tokens.js';
import { startTestSystemIn } from '../support/local.js';

let sys: LocalSystem;
let key: CryptoKey;
/** the local key's public half, as a JWK */
let publicJwk: Record<string, unknown> = {};
let paper: string;
let cand: Candidate;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const hrClaims = {
  [CLAIMS.username]: 'hr.admin',
  [CLAIMS.groups]: ['hr'],
  [CLAIMS.dept]: 'hr',
  token_use: 'id',
};

/** A token signed with `k` (the local key unless said), the claims and header as given. */
async function sign(
  claims: JWTPayload,
  opts: { aud?: string | string[] | null; exp?: number; iss?: string; k?: CryptoKey; sub?: string } = {},
) {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(opts.iss ?? LOCAL_ISSUER)
    .setSubject(opts.sub ?? 'hr.admin')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600);
  if (opts.aud !== null) jwt = jwt.setAudience(opts.aud ?? AUDIENCE.staff);
  return jwt.sign(opts.k ?? key);
}

/** How many items each table holds. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of Object.keys(tables) as TableId[]) {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const r = await ddb.send(
        new ScanCommand({ TableName: tableName(id), Select: 'COUNT', ExclusiveStartKey: start }),
      );
      n += r.Count ?? 0;
      start = r.LastEvaluatedKey;
    } while (start);
    out[id] = n;
  }
  return out;
}

beforeAll(async () => {
  const started = await startTestSystemIn(`jwt${Date.now().toString(36)}`);
  sys = started.system;
  const { dataDir } = started;
  await sys.jobs.idle();
  const jwk = JSON.parse(readFileSync(join(dataDir, 'jwt-key.json'), 'utf8'));
  key = (await importJWK(jwk, 'ES256')) as CryptoKey;
  const { d: _d, ...pub } = jwk;
  publicJwk = pub;
  const now = new Date();
  paper = (demoExams(now)[0] as { id: string }).id;
  cand = demoCandidates(now).find((c) => c.examId === paper && c.city === '4101') as Candidate;
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

/** Writes an hr token may make (an exam, a staff account) and a verifier's (a decision): what a forged token asks. */
const writes = () => [
  {
    method: 'POST',
    path: '/api/exams',
    body: {
      examType: 'JZS1',
      name: '伪造令牌测试考试',
      year: 2026,
      examEnd: '2026-05-10',
      scoreRelease: '2026-06-20',
    },
  },
  {
    method: 'POST',
    path: '/api/staff',
    body: { username: 'forged.admin', deptId: 'hr', password: 'Forged-Token-2026!' },
  },
  {
    method: 'POST',
    path: `/api/exams/${paper}/candidates/${cand.personId}/decision`,
    body: { outcome: 'qualified' },
  },
];

async function attack(token: string) {
  const out: number[] = [];
  for (const w of [...writes(), { method: 'GET', path: '/api/staff', body: undefined }]) {
    const r = await fetch(`${sys.url}${w.path}`, {
      method: w.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(w.body ? { body: JSON.stringify(w.body) } : {}),
    });
    const body = await r.json();
    expect(body.error?.code, `${w.method} ${w.path}`).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    out.push(r.status);
  }
  return out;
}

describe('JWT attacks on the gateway and the handlers', () => {
  const cases: [string, () => Promise<string>, number][] = [
    [
      'alg: none (an unsigned token with hr claims)',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...hrClaims, iss: LOCAL_ISSUER, aud: AUDIENCE.staff, sub: 'hr.admin', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      401,
    ],
    ['a wrong audience (another app client id)', () => sign(hrClaims, { aud: 'some-other-client' }), 401],
    [
      'no audience at all (an access token carries client_id instead)',
      () => sign({ ...hrClaims, client_id: AUDIENCE.staff, token_use: 'access' }, { aud: null }),
      401,
    ],
    ['an expired token', () => sign(hrClaims, { exp: Math.floor(Date.now() / 1000) - 60 }), 401],
    ['another issuer', () => sign(hrClaims, { iss: 'https://cognito-idp.example.com/evil' }), 401],
    [
      'signed by another key',
      async () => sign(hrClaims, { k: (await generateKeyPair('ES256')).privateKey }),
      401,
    ],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
        return new SignJWT(hrClaims)
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(LOCAL_ISSUER)
          .setAudience(AUDIENCE.staff)
          .setSubject('hr.admin')
          .setExpirationTime('10m')
          .sign(secret);
      },
      401,
    ],
    [
      "a tampered claim (a candidate's token, its payload rewritten to hr)",
      async () => {
        const t = await sign(
          { [CLAIMS.username]: cand.personId, token_use: 'id' },
          { aud: AUDIENCE.candidate, sub: cand.personId },
        );
        const [h, p, s] = t.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return `${h}.${b64({ ...claims, ...hrClaims, aud: AUDIENCE.staff })}.${s}`;
      },
      401,
    ],
    [
      "the other app client's token (the portal's, for a candidate) on staff routes",
      () =>
        sign(
          { [CLAIMS.username]: personIdOf(cand.idNumber), token_use: 'id' },
          { aud: AUDIENCE.candidate, sub: cand.personId },
        ),
      403,
    ],
    [
      "the portal's token carrying staff groups (the audience decides: still a candidate)",
      () => sign({ ...hrClaims, [CLAIMS.username]: cand.personId }, { aud: AUDIENCE.candidate }),
      403,
    ],
    [
      'a staff token naming a role that does not exist',
      () => sign({ ...hrClaims, [CLAIMS.groups]: ['admin', 'root'] }),
      401,
    ],
  ];

  for (const [title, make, status] of cases)
    it(`R1: ${title} → ${status}, nothing written`, async () => {
      const before = await counts();
      const statuses = await attack(await make());
      expect(statuses).toEqual(statuses.map(() => status));
      expect(await counts()).toEqual(before);
    });

  it('R1: the genuine token of the same shape is accepted (the attacks fail for what they change)', async () => {
    const r = await fetch(`${sys.url}/api/staff`, {
      headers: { authorization: `Bearer ${await sign(hrClaims)}` },
    });
    expect(r.status).toBe(200);
  });

  it('R1: a candidate token on a candidate-only route, tampered to another person, → 401, nothing written', async () => {
    const other = demoCandidates(new Date()).find(
      (c) => c.examId === paper && c.personId !== cand.personId,
    ) as Candidate;
    const t = await sign(
      { [CLAIMS.username]: cand.personId, token_use: 'id' },
      { aud: AUDIENCE.candidate, sub: cand.personId },
    );
    const [h, p, s] = t.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${b64({ ...claims, [CLAIMS.username]: other.personId, sub: other.personId })}.${s}`;
    const before = await counts();
    const r = await fetch(`${sys.url}/api/exams/${paper}/appeal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
      body: JSON.stringify({ statement: '伪造' }),
    });
    expect(r.status).toBe(401);
    expect(await counts()).toEqual(before);
  });
});
