/**
 * The certificates' public keys on the local static site (R25): the key file under the data directory,
 * the JWKS published through the site store and served at /.well-known/jwks.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { certificateClaims } from '../../functions/domain/certificates.js';
import { certSigner, publishJwks, verifyCertificate } from '../../functions/lib/cert-signer.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';
import { sampleFacts } from '../support/certificates.js';

let sys: LocalSystem;
const dataDir = mkdtempSync(join(tmpdir(), 'cert-keys-'));

beforeAll(async () => {
  sys = await startLocal({
    port: 0,
    quiet: true,
    seed: false,
    lifecycles: false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    dataDir,
  });
});
afterAll(async () => {
  await sys?.stop();
});

it('R25: the published public keys are served at /.well-known/jwks.json and verify a signed certificate', async () => {
  const before = await fetch(`${sys.url}/.well-known/jwks.json`);
  expect(before.status).toBe(404);
  const signer = certSigner();
  const published = await publishJwks(signer);
  expect(readdirSync(join(dataDir, 'cert-keys'))).toEqual(['0001.jwk.json']);
  const res = await fetch(`${sys.url}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const jwks = await res.json();
  expect(jwks).toEqual(published);
  const jws = await signer.sign(certificateClaims(sampleFacts(1)));
  expect(await verifyCertificate(jws, jwks)).toMatchObject({ ok: true });
});
