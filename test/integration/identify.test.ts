/**
 * POST /api/auth/candidate/identify: the public route that tells the portal a candidate's person id (the
 * Cognito username of the candidate sign-in on AWS) from ID number + name. Same lookup and same no-match
 * answer as the first local sign-in step; it writes nothing and sends nothing. Also: the local server's
 * site config says "sign in locally".
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

const IDENTIFY = '/api/auth/candidate/identify';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let cand: { idNumber: string; name: string };

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  cand = sys.demo.candidates[0] as typeof cand;
});
afterAll(async () => {
  await sys?.stop();
});

const scanAll = async (t: 'audit' | 'outbox' | 'auth') =>
  (await ddb.send(new ScanCommand({ TableName: tableName(t) }))).Items ?? [];

/** A local candidate token (start → the code from the outbox → verify). */
async function candidateToken(c: { idNumber: string; name: string }): Promise<string> {
  expect((await api.post('/api/auth/candidate/start', c)).status).toBe(202);
  const personId = personIdOf(c.idNumber);
  const msgs = (await scanAll('outbox')).filter((m) => m.personId === personId && m.template === 'otp');
  msgs.sort((x, y) => String(y.createdAt).localeCompare(String(x.createdAt)));
  const code = /(\d{6})/.exec(String(msgs[0]?.text))?.[1];
  const v = await api.post('/api/auth/candidate/verify', { idNumber: c.idNumber, code });
  expect(v.status).toBe(200);
  return v.body.token;
}

describe('POST /api/auth/candidate/identify', () => {
  it('is public: anonymous, staff and candidate callers all get the person id for a matching ID number and name', async () => {
    const body = { idNumber: cand.idNumber, name: cand.name };
    const staff = await api.staffToken('hr.admin', DEMO_PASSWORD);
    const candidate = await candidateToken(cand);
    for (const token of [undefined, staff, candidate, 'not-a-token']) {
      const r = await api.post(IDENTIFY, body, token);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ username: personIdOf(cand.idNumber) });
    }
    // the username is the person id the candidate's token carries (`cognito:username`)
    const me = await api.get('/api/me', candidate);
    expect(me.body.personId).toBe(personIdOf(cand.idNumber));
  });

  it('writes nothing and sends no code', async () => {
    // let the outbox printer finish delivering the earlier tests' codes, so only this call could change things
    await expect
      .poll(async () => (await scanAll('outbox')).filter((m) => m.status === 'queued').length, {
        timeout: 10_000,
      })
      .toBe(0);
    const before = {
      audit: await scanAll('audit'),
      outbox: await scanAll('outbox'),
      auth: await scanAll('auth'),
    };
    const other = sys.demo.candidates[2] as typeof cand;
    expect((await api.post(IDENTIFY, { idNumber: other.idNumber, name: other.name })).status).toBe(200);
    const after = {
      audit: await scanAll('audit'),
      outbox: await scanAll('outbox'),
      auth: await scanAll('auth'),
    };
    expect(after).toEqual(before);
  });

  it('404 in the one error shape, with the same message and field as the sign-in start, when the name does not match', async () => {
    const r = await api.post(IDENTIFY, { idNumber: cand.idNumber, name: '不存在' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(r.body.error.details.fields).toEqual([{ field: 'idNumber', message: expect.any(String) }]);
    const start = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: '不存在' });
    expect(start.status).toBe(404);
    expect(r.body).toEqual(start.body);
  });

  it('404 for a valid ID number that is not on any list', async () => {
    const r = await api.post(IDENTIFY, { idNumber: '11010519491231002X', name: '王伟' });
    expect(r.status).toBe(404);
    expect(r.body.error.details.fields[0].field).toBe('idNumber');
    expect(JSON.stringify(r.body)).not.toContain(personIdOf('11010519491231002X'));
  });

  it('400 naming the field for an ID number with a wrong check digit, or no name', async () => {
    const bad = await api.post(IDENTIFY, { idNumber: '410105199003079011', name: '王伟' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.fields[0]).toEqual({
      field: 'idNumber',
      message: expect.stringContaining('校验位'),
    });
    const noName = await api.post(IDENTIFY, { idNumber: cand.idNumber });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details.fields[0].field).toBe('name');
    const notJson = await api.post(IDENTIFY, '{');
    expect(notJson.status).toBe(400);
  });
});

describe('site config', () => {
  it('the local server tells the web to sign in through the local endpoints', async () => {
    const res = await fetch(`${sys.url}/config.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ auth: 'local' });
  });
});
