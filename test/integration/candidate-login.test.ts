import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

/** Test-only: read the whole (small, per-run) table to prove nothing else changed. */
const scanAll = async (t: 'audit' | 'outbox' | 'auth' | 'candidates') =>
  (await ddb.send(new ScanCommand({ TableName: tableName(t) }))).Items ?? [];

async function latestCode(personId: string): Promise<string> {
  const msgs = (await scanAll('outbox')).filter((m) => m.personId === personId && m.template === 'otp');
  msgs.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const m = /(\d{6})/.exec(String(msgs[0]?.text));
  if (!m) throw new Error('no code in the outbox');
  return m[1] as string;
}

describe('candidate login', () => {
  it('sends a code to the phone on record through the outbox, and the code logs the candidate in', async () => {
    const cand = sys.demo.candidates[0] as { idNumber: string; name: string; examId: string };
    const start = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name });
    expect(start.status).toBe(202);
    expect(start.body.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const personId = personIdOf(cand.idNumber);
    const msg = (await scanAll('outbox')).find((m) => m.personId === personId);
    expect(msg?.toMasked).toBe(start.body.phoneMasked);
    expect(msg?.pk).not.toContain(cand.idNumber);
    const code = await latestCode(personId);
    const ok = await api.post('/api/auth/candidate/verify', { idNumber: cand.idNumber, code });
    expect(ok.status).toBe(200);
    const me = await api.get('/api/me', ok.body.token);
    expect(me.status).toBe(200);
    expect(me.body.kind).toBe('candidate');
    expect(me.body.records[0].idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(JSON.stringify(me.body)).not.toContain(cand.idNumber);
    // the outbox printer delivers the message: its status becomes 'sent'
    await expect
      .poll(
        async () =>
          (await ddb.send(new GetCommand({ TableName: tableName('outbox'), Key: keys.outbox(msg?.id) }))).Item
            ?.status,
        {
          timeout: 10_000,
        },
      )
      .toBe('sent');
  });

  it('refuses an ID number and name that do not match a passing candidate, with the field named', async () => {
    const cand = sys.demo.candidates[0] as { idNumber: string; name: string };
    const r = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: '不存在' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    const bad = await api.post('/api/auth/candidate/start', { idNumber: '410105199003079011', name: '王伟' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toEqual({
      field: 'idNumber',
      message: expect.stringContaining('校验位'),
    });
  });

  it('5 wrong codes lock the login for 15 minutes; the 6th attempt is refused with 429 and changes nothing', async () => {
    const cand = sys.demo.candidates[1] as { idNumber: string; name: string };
    const personId = personIdOf(cand.idNumber);
    expect(
      (await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name })).status,
    ).toBe(202);
    const right = await latestCode(personId);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const r = await api.post('/api/auth/candidate/verify', { idNumber: cand.idNumber, code: wrong });
      expect(r.status).toBe(i < 5 ? 400 : 429);
    }
    const before = {
      otp: (await ddb.send(new GetCommand({ TableName: tableName('auth'), Key: keys.otp(personId) }))).Item,
      audit: await scanAll('audit'),
      outbox: (await scanAll('outbox')).length,
    };
    const sixth = await api.post('/api/auth/candidate/verify', { idNumber: cand.idNumber, code: right });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('LOCKED');
    expect(sixth.body.error.message).toContain('北京时间');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(sixth.body.token).toBeUndefined();
    const again = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name });
    expect(again.status).toBe(429);
    const after = {
      otp: (await ddb.send(new GetCommand({ TableName: tableName('auth'), Key: keys.otp(personId) }))).Item,
      audit: await scanAll('audit'),
      outbox: (await scanAll('outbox')).length,
    };
    expect(after).toEqual(before);
  });

  it('every login step is audited in the same transaction as its state change', async () => {
    const cand = sys.demo.candidates[0] as { idNumber: string };
    const personId = personIdOf(cand.idNumber);
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `P#${personId}` },
      }),
    );
    expect((r.Items ?? []).map((i) => i.action)).toEqual(['login.codeSent', 'login.ok']);
  });
});
