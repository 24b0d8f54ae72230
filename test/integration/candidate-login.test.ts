/**
 * Candidate sign-in through the local server, on DynamoDB Local: start answers the same whether or not
 * the details are on record; a code signs in once; wrong codes count against their attempt and client,
 * never against the candidate; one client's burst is limited (proof-of-work, then a cap); one ID number
 * gets at most 5 codes an hour. Each test sends from its own loopback address: its own client.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { ddb, tableName, transact } from '../../functions/lib/db.js';
import { personIdOf, tokenHash } from '../../functions/lib/ids.js';
import { grantPut, spendGrant } from '../../functions/lib/login-codes.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates } from '../../scripts/local/seed.js';
import { client, latestCode, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
type Demo = { idNumber: string; name: string; examId: string };
let seeded: Demo[] = [];
/** the i-th seeded candidate (each test its own, so the per-ID-number limit of one does not meet another) */
const demo = (i: number) => seeded[i] as Demo;
const from = (n: number) => client(sys.url, { from: `127.0.0.${n}` });

beforeAll(async () => {
  sys = await startTestSystem();
  // one record per person (a person may sit several exams)
  const byPerson = new Map(demoCandidates(new Date()).map((c) => [c.idNumber, c]));
  seeded = [...byPerson.values()];
});
afterAll(async () => {
  await sys?.stop();
});

/** Test-only: read the whole (small, per-run) table to prove what changed. */
const scanAll = async (t: 'audit' | 'outbox' | 'auth') =>
  (await ddb.send(new ScanCommand({ TableName: tableName(t) }))).Items ?? [];
const otpMessages = async (personId: string) =>
  (await scanAll('outbox')).filter((m) => m.personId === personId && m.template === 'otp');

/** A valid-checksum ID number that is on no list. */
const NOT_ON_RECORD = '11010519491231002X';

/** Solve the challenge a 428 carries, as the portal does. */
async function solved(body: {
  error: { details: { challenge: Parameters<typeof solveChallenge>[0]['challenge'] } };
}) {
  const challenge = body.error.details.challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  return { challenge, solution };
}

describe('candidate sign-in', () => {
  it('a code goes to the phone on record through the outbox; the attempt and that code sign the candidate in, once', async () => {
    const api = from(10);
    const cand = demo(0);
    const start = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name });
    expect(start.status).toBe(202);
    expect(start.body).toEqual({
      attempt: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      expiresInSeconds: 300,
    });
    const personId = personIdOf(cand.idNumber);
    const [msg] = await otpMessages(personId);
    expect(msg?.toMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(msg?.pk).not.toContain(cand.idNumber);
    const code = await latestCode(personId);
    const ok = await api.post('/api/auth/candidate/verify', { attempt: start.body.attempt, code });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['expiresAt', 'token']);
    const me = await api.get('/api/me', ok.body.token);
    expect(me.status).toBe(200);
    expect(me.body.kind).toBe('candidate');
    expect(JSON.stringify(me.body)).not.toContain(cand.idNumber);
    // the same attempt and code do not sign in a second time
    const again = await api.post('/api/auth/candidate/verify', { attempt: start.body.attempt, code });
    expect(again.status).toBe(400);
    expect(again.body.error.details.fields[0]).toEqual({
      field: 'code',
      message: '验证码已失效，请重新获取',
    });
    // the outbox printer delivers the message
    await expect
      .poll(
        async () =>
          (await ddb.send(new GetCommand({ TableName: tableName('outbox'), Key: keys.outbox(msg?.id) }))).Item
            ?.status,
        { timeout: 10_000 },
      )
      .toBe('sent');
  });

  it('N4: a match and a miss answer alike — same status, same body keys, same attempt form — and a miss sends nothing', async () => {
    const api = from(11);
    const cand = demo(1);
    const outboxBefore = (await scanAll('outbox')).length;
    const match = await api.post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name });
    const wrongName = await api.post('/api/auth/candidate/start', {
      idNumber: cand.idNumber,
      name: '查无此人',
    });
    const unknown = await api.post('/api/auth/candidate/start', { idNumber: NOT_ON_RECORD, name: cand.name });
    for (const r of [match, wrongName, unknown]) {
      expect(r.status).toBe(202);
      expect(Object.keys(r.body).sort()).toEqual(['attempt', 'expiresInSeconds']);
      expect(r.body.attempt).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(r.body.expiresInSeconds).toBe(300);
      expect(r.headers.get('content-type')).toBe(match.headers.get('content-type'));
    }
    expect(new Set([match.body.attempt, wrongName.body.attempt, unknown.body.attempt]).size).toBe(3);
    // only the match sent a code
    expect((await scanAll('outbox')).length).toBe(outboxBefore + 1);
    expect(await otpMessages(personIdOf(NOT_ON_RECORD))).toEqual([]);
    // a code for a miss is refused exactly as a wrong code for a match
    const code = await latestCode(personIdOf(cand.idNumber));
    const wrong = code === '000000' ? '111111' : '000000';
    const onMatch = await api.post('/api/auth/candidate/verify', {
      attempt: match.body.attempt,
      code: wrong,
    });
    const onMiss = await api.post('/api/auth/candidate/verify', {
      attempt: unknown.body.attempt,
      code: wrong,
    });
    expect(onMiss.status).toBe(onMatch.status);
    expect(onMiss.body).toEqual(onMatch.body);
    expect(onMatch.body.error.details.fields[0]).toEqual({
      field: 'code',
      message: '验证码不正确，还可尝试 4 次',
    });
  });

  it('N4: the public identify route is gone: nothing answers who is on record', async () => {
    const r = await from(12).post('/api/auth/candidate/identify', {
      idNumber: demo(0).idNumber,
      name: demo(0).name,
    });
    expect(r.status).toBe(404);
    expect(r.body.username).toBeUndefined();
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const api = from(13);
    const before = (await scanAll('auth')).length;
    const bad = await api.post('/api/auth/candidate/start', { idNumber: '410105199003079011', name: '王伟' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toEqual({
      field: 'idNumber',
      message: expect.stringContaining('校验位'),
    });
    const noAttempt = await api.post('/api/auth/candidate/verify', { attempt: '../../x', code: '123456' });
    expect(noAttempt.status).toBe(400);
    expect(noAttempt.body.error.details.fields[0].field).toBe('attempt');
    const badCode = await api.post('/api/auth/candidate/verify', { attempt: 'A'.repeat(24), code: '12345' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details.fields[0].field).toBe('code');
    expect((await scanAll('auth')).length).toBe(before);
  });

  it("5 wrong codes void that attempt (429) and a 6th, even the right one, changes nothing; another client's wrong codes do not lock the candidate out", async () => {
    const attacker = from(14);
    const candidate = from(15);
    const cand = demo(2);
    const personId = personIdOf(cand.idNumber);
    const theirs = await attacker.post('/api/auth/candidate/start', {
      idNumber: cand.idNumber,
      name: cand.name,
    });
    const right = await latestCode(personId);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 5; i++) {
      const r = await attacker.post('/api/auth/candidate/verify', {
        attempt: theirs.body.attempt,
        code: wrong,
      });
      expect(r.status).toBe(i < 5 ? 400 : 429);
    }
    const before = {
      attempt: (
        await ddb.send(
          new GetCommand({ TableName: tableName('auth'), Key: keys.signInAttempt(theirs.body.attempt) }),
        )
      ).Item,
      audit: await scanAll('audit'),
      outbox: (await scanAll('outbox')).length,
    };
    const sixth = await attacker.post('/api/auth/candidate/verify', {
      attempt: theirs.body.attempt,
      code: right,
    });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('LOCKED');
    expect(sixth.body.token).toBeUndefined();
    expect({
      attempt: (
        await ddb.send(
          new GetCommand({ TableName: tableName('auth'), Key: keys.signInAttempt(theirs.body.attempt) }),
        )
      ).Item,
      audit: await scanAll('audit'),
      outbox: (await scanAll('outbox')).length,
    }).toEqual(before);
    // the candidate, on their own phone, asks for a code and signs in at once
    const mine = await candidate.post('/api/auth/candidate/start', {
      idNumber: cand.idNumber,
      name: cand.name,
    });
    expect(mine.status).toBe(202);
    const code = await latestCode(personId);
    const ok = await candidate.post('/api/auth/candidate/verify', { attempt: mine.body.attempt, code });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toBeTruthy();
  });

  it('a burst from one client is limited: 4 free starts, then a proof-of-work each (spent once, forged refused), then 429 past 20', async () => {
    const api = from(16);
    // each start for another ID number not on record, so only this client's limits apply
    let seq = 0;
    const body = (_i: number) => ({
      idNumber: syntheticIdNumber('110105', '19500101', 100 + seq++),
      name: '张三',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.post('/api/auth/candidate/start', body(i))).status);
    expect(statuses).toEqual([202, 202, 202, 202]);
    const fifth = await api.post('/api/auth/candidate/start', { ...body(4), idNumber: demo(3).idNumber });
    expect(fifth.status).toBe(428);
    expect(fifth.body.error.code).toBe('CHALLENGE_REQUIRED');
    expect(fifth.body.error.details.fields[0].field).toBe('challenge');
    expect(fifth.body.error.details.challenge.parameters.algorithm).toBe('SHA-256');
    // a challenge signed with another key is not accepted
    const forged = await createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: 10,
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + 300,
      hmacSignatureSecret: 'not-ours',
      hmacKeySignatureSecret: 'nope',
    });
    const forgedAnswer = {
      challenge: forged,
      solution: await solveChallenge({ challenge: forged, deriveKey }),
    };
    expect(
      (await api.post('/api/auth/candidate/start', { ...body(5), challenge: forgedAnswer })).status,
    ).toBe(428);
    // a solved one is, once
    const answer = await solved(fifth.body);
    expect((await api.post('/api/auth/candidate/start', { ...body(6), challenge: answer })).status).toBe(202);
    const reused = await api.post('/api/auth/candidate/start', { ...body(7), challenge: answer });
    expect(reused.status).toBe(428);
    // every further start with its own solved challenge, up to 20 in the window, then refused
    let last = reused;
    const more: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await api.post('/api/auth/candidate/start', {
        ...body(i),
        challenge: await solved(last.body),
      });
      more.push(r.status);
      last = await api.post('/api/auth/candidate/start', body(i)); // the next challenge (counted too)
      if (last.status !== 428) break;
    }
    expect(more.filter((s) => s === 202).length).toBeGreaterThan(3);
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(last.body.error.message).toContain('北京时间');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // another client is not affected
    expect((await from(17).post('/api/auth/candidate/start', body(0))).status).toBe(202);
  });

  it('N4: one ID number gets at most 5 codes an hour, from any clients, on record or not — and the refusal reads the same', async () => {
    const cand = demo(4);
    const personId = personIdOf(cand.idNumber);
    const sentBefore = (await otpMessages(personId)).length;
    const onRecord: number[] = [];
    const notOnRecord: number[] = [];
    for (let i = 0; i < 6; i++) {
      onRecord.push(
        (await from(20 + i).post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name }))
          .status,
      );
      notOnRecord.push(
        (
          await from(30 + i).post('/api/auth/candidate/start', {
            idNumber: '110105194912310046',
            name: cand.name,
          })
        ).status,
      );
    }
    expect(onRecord).toEqual([202, 202, 202, 202, 202, 429]);
    expect(notOnRecord).toEqual(onRecord);
    expect((await otpMessages(personId)).length).toBe(sentBefore + 5);
    const a = await from(40).post('/api/auth/candidate/start', { idNumber: cand.idNumber, name: cand.name });
    const b = await from(41).post('/api/auth/candidate/start', {
      idNumber: '110105194912310046',
      name: cand.name,
    });
    expect(a.body.error.message).toBe(b.body.error.message);
    expect(a.body.error.message).toContain('该身份证号获取验证码的次数过多');
  });

  it('a sign-in grant is spent once, only for its person, only before it expires', async () => {
    const now = Date.now();
    await transact(
      [grantPut(tokenHash('g1'), 'personA', now + 60_000), grantPut(tokenHash('g2'), 'personA', now - 1)],
      {},
    );
    expect(await spendGrant(tokenHash('g1'), 'personB', now)).toBe(false);
    expect(await spendGrant(tokenHash('g1'), 'personA', now)).toBe(true);
    expect(await spendGrant(tokenHash('g1'), 'personA', now)).toBe(false);
    expect(await spendGrant(tokenHash('g2'), 'personA', now)).toBe(false);
  });

  it('every sign-in step is audited in the same transaction as its state change, under the person, with no ID number', async () => {
    const personId = personIdOf(demo(0).idNumber);
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `P#${personId}` },
      }),
    );
    expect((r.Items ?? []).map((i) => i.action)).toEqual(['login.codeSent', 'login.ok']);
    expect(JSON.stringify(r.Items)).not.toContain(demo(0).idNumber);
    const miss = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `P#${personIdOf(NOT_ON_RECORD)}` },
      }),
    );
    expect((miss.Items ?? []).map((i) => i.action)).toContain('login.noMatch');
  });
});
