/**
 * Regression tests for what a probe of the running system found: malformed request targets must not
 * stop the local system, bad escapes and bad cursors are a 400 after no work, and no response carries
 * a storage attribute.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAttributes } from '../../functions/data/tables.js';
import { buildWeb } from '../../scripts/build-web.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystemIn } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let verifier: string;
let paper: string;

/** Sends a raw request line (no client-side URL parsing) and returns the status line. */
function raw(target: string): Promise<string> {
  const { port } = new URL(sys.url);
  return new Promise((ok, fail) => {
    const s = connect(Number(port), '127.0.0.1', () => {
      s.write(`GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
    });
    let out = '';
    s.on('data', (d) => {
      out += d.toString('latin1');
    });
    s.on('end', () => ok(out.split('\r\n')[0] ?? ''));
    s.on('error', fail);
  });
}

beforeAll(async () => {
  // a web build of its own: the static site must answer, whatever other test files run beside this one
  const webDir = mkdtempSync(join(tmpdir(), 'gateway-web-'));
  await buildWeb(webDir);
  sys = (await startTestSystemIn(`gw${Date.now().toString(36)}`, { webDir })).system;
  api = client(sys.url);
  verifier = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  paper = (demoExams(new Date())[0] as { id: string }).id;
});
afterAll(async () => {
  await sys?.stop();
});

describe('malformed requests', () => {
  it('answers malformed request targets with 400 and keeps serving', async () => {
    for (const target of ['/%ff', '/portal/%E0%A4%A', '//[', '/api/%ff', '/console/%']) {
      expect([target, await raw(target)]).toEqual([target, expect.stringMatching(/^HTTP\/1\.1 4\d\d /)]);
    }
    // still up: the API, the static site and the site config all answer
    expect((await api.get('/api/me')).status).toBe(401);
    expect((await api.get('/config.json')).status).toBe(200);
    expect((await fetch(`${sys.url}/portal/`)).status).toBe(200);
  });

  it('answers a malformed escape in a path parameter with 400 naming the parameter, before any token check', async () => {
    const anonymous = await api.get('/api/exams/%ff');
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.error.code).toBe('VALIDATION');
    expect(anonymous.body.error.details.fields[0].field).toBe('path.examId');
    const signedIn = await api.get('/api/exams/%E0%A4%A/candidates', verifier);
    expect(signedIn.status).toBe(400);
  });

  it('answers a body that is not JSON with 400 in the one error shape', async () => {
    const r = await api.call('POST', '/api/auth/candidate/start', { body: '{"idNumber":' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.details.fields[0].field).toBe('body');
  });

  it('answers a method no route has on a path, as API Gateway does, with 404 in the one error shape', async () => {
    const r = await api.call('GET', '/api/auth/candidate/start');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});

describe('queue cursors', () => {
  const page = (q: string) => api.get(`/api/exams/${paper}/candidates?limit=3${q}`, verifier);

  it('are signed, carry no storage key, and page on', async () => {
    const first = await page('');
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/);
    const carried = JSON.parse(Buffer.from(cursor.split('.')[0] as string, 'base64url').toString());
    expect(Object.keys(carried).filter((k) => storageAttributes.has(k))).toEqual([]);
    expect(JSON.stringify(carried)).not.toMatch(/[PQW]#|E#/);
    const second = await page(`&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].personId).not.toBe(first.body.items[0].personId);
  });

  it('refuse a tampered, truncated or foreign cursor with 400', async () => {
    const cursor = (await page('')).body.nextCursor as string;
    const [body, sig] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ c: 3 })).toString('base64url');
    const otherQuery = (await page('&status=verifying')).body.nextCursor as string;
    for (const bad of [
      `${forged}.${sig}`,
      `${body}.${sig.slice(0, -2)}`,
      body,
      `${body}.${sig}.x`,
      'xyz',
      // a cursor of another query (another status filter) is not one of this query's
      ...(otherQuery ? [otherQuery] : []),
    ]) {
      const r = await page(`&cursor=${encodeURIComponent(bad)}`);
      expect([bad, r.status]).toEqual([bad, 400]);
      expect(r.body.error.details.fields[0].field).toBe('query.cursor');
    }
  });
});

describe('queue filters', () => {
  it('R1: accept every Henan city code, 济源市 (419001, six digits) included; anything else is a 400 naming query.city', async () => {
    const jiyuan = await api.get(`/api/exams/${paper}/candidates?city=419001`, verifier);
    expect(jiyuan.status).toBe(200);
    for (const bad of ['9999', '4199', '41010', 'x']) {
      const r = await api.get(`/api/exams/${paper}/candidates?city=${bad}`, verifier);
      expect([bad, r.status, r.body.error.details.fields[0].field]).toEqual([bad, 400, 'query.city']);
    }
  });
});

describe('storage attributes', () => {
  const keysIn = (v: unknown): string[] =>
    Array.isArray(v)
      ? v.flatMap(keysIn)
      : v && typeof v === 'object'
        ? Object.entries(v).flatMap(([k, x]) => [...(storageAttributes.has(k) ? [k] : []), ...keysIn(x)])
        : [];

  it('never leave the server: login profile, /api/me, outbox, exams, queue', async () => {
    const login = await api.call('POST', '/api/auth/staff/login', {
      body: { username: 'hr.admin', password: DEMO_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.profile.department.id).toBe('hr');
    const hr = login.body.token as string;
    const bodies = [
      login.body,
      (await api.get('/api/me', hr)).body,
      (await api.get('/api/me', verifier)).body,
      (await api.get('/api/outbox', hr)).body,
      (await api.get('/api/exams', hr)).body,
      (await api.get(`/api/exams/${paper}`, hr)).body,
      (await api.get(`/api/exams/${paper}/candidates?limit=5`, hr)).body,
      (await api.get('/api/calendar', hr)).body,
    ];
    expect(storageAttributes.has('pk') && storageAttributes.has('gsi1pk')).toBe(true);
    expect(bodies.flatMap(keysIn)).toEqual([]);
  });
});

describe('the API described once', () => {
  it('serves the OpenAPI document publicly', async () => {
    const r = await api.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toContain('/api/exams/{examId}/candidates');
  });
});
