/**
 * R18, R19: mail booking through the local server on DynamoDB Local (issue 12) — the demo exam whose
 * booking window is open (XFS1, paper certificates): 1,000 identical requests at once make one booking
 * and one audit record; after bookingCloses a booking is refused with the deadline; after the lock a
 * change or cancellation is refused; every bad field is refused at the field, nothing written; cancel
 * then book again inside the window; the console's counts per city follow each change.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lockBookings } from '../../functions/acts/booking.js';
import { loadCandidate } from '../../functions/acts/candidate-change.js';
import { keys } from '../../functions/data/tables.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoBooking } from '../../scripts/local/seed.js';
import { mailBooking, storedCandidate } from '../support/candidates.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let xf: string;
const { exam, candidates } = demoBooking(new Date());
type Demo = (typeof candidates)[number];
// the seed books the first two (the second locked) and leaves the third for the README journey
let next = 3;
const fresh = () => candidates[next++] as Demo;

let n = 30;
const signIn = (c: Demo) => client(sys.url, { from: `127.0.1.${n++}` }).candidateToken(c);

const path = `/api/exams/${exam.id}/booking`;
const book = (token: string, body: unknown) => api.call('PUT', path, { token, body });
const cancel = (token: string) => api.call('DELETE', path, { token });

const good = mailBooking;

async function auditOf(c: Demo) {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(exam.id, c.personId) },
    }),
  );
  return (r.Items ?? []).map((i) => String(i.action));
}

async function smsOf(c: Demo) {
  const r = await ddb.send(new ScanCommand({ TableName: tableName('outbox') }));
  return (r.Items ?? []).filter((m) => m.personId === c.personId).map((m) => String(m.template));
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  xf = await api.staffToken('xf.verifier', DEMO_PASSWORD);
});
afterEach(() => setClock(null));
afterAll(async () => {
  await sys?.stop();
});

describe('mail booking', () => {
  it('R18: 1,000 identical booking requests at once make one booking, one audit record and one SMS', async () => {
    const c = fresh();
    const token = await signIn(c);
    const replies = await Promise.all(Array.from({ length: 1000 }, () => book(token, good(c))));
    expect(replies.map((r) => r.status)).toEqual(Array(1000).fill(200));
    const refs = new Set(replies.map((r) => r.body.booking.reference));
    expect(refs.size).toBe(1);
    const [ref] = refs;
    expect(ref).toMatch(/^YJ[A-Z0-9]{19}$/);
    const saved = await storedCandidate(c);
    expect(saved.booking).toMatchObject({
      reference: ref,
      districtCode: '410105',
      provinceName: '河南省',
      cityName: '郑州市',
      districtName: '金水区',
      lockedAt: null,
    });
    expect(saved.lifecycle.bookedAt).toBe(saved.booking.bookedAt);
    expect((await auditOf(c)).filter((a) => a === 'lifecycle.booked')).toHaveLength(1);
    expect((await smsOf(c)).filter((t) => t === 'booked')).toHaveLength(1);
    // and it reads back, with the window it was made in
    const g = await api.get(path, token);
    expect(g.body.booking.reference).toBe(ref);
    expect(g.body.window).toMatchObject({ opensAt: exam.resultsAnnouncedAt, open: true });
    expect(g.body.window.closes.rule).toBe('R18');
  });

  it('R18: a booking one minute after bookingCloses is refused with the deadline, nothing written', async () => {
    const c = fresh();
    const token = await signIn(c);
    const closes = (await loadCandidate(exam.id, c.personId)).deadlines.bookingCloses as string;
    const before = await storedCandidate(c);
    setClock({ now: () => new Date(Date.parse(closes) + 60_000) });
    const r = await book(token, good(c));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.details).toMatchObject({ deadline: closes, rule: 'R18' });
    expect(r.body.error.message).toContain('24:00（北京时间）');
    expect((await storedCandidate(c)).version).toBe(before.version);
  });

  it('R18: after the lock for dispatch a change or a cancellation is refused saying so', async () => {
    const c = fresh();
    const token = await signIn(c);
    expect((await book(token, good(c))).status).toBe(200);
    const locked = await lockBookings(exam.id, [c.personId]);
    expect(locked[0]?.lockedAt).toEqual(expect.any(String));
    expect((await api.get(path, token)).body.booking.lockedAt).toBe(locked[0]?.lockedAt);
    const before = await storedCandidate(c);
    for (const r of [await book(token, good(c, { street: '二七区大学路 1 号' })), await cancel(token)]) {
      expect(r.status).toBe(409);
      expect(r.body.error.message).toContain('锁定');
      expect(r.body.error.details).toMatchObject({ locked: true, rule: 'R18' });
    }
    expect((await storedCandidate(c)).version).toBe(before.version);
    // the same submission again still answers the booking (nothing to change)
    expect((await book(token, good(c))).status).toBe(200);
  });

  it('R18: every bad field is refused at the field with a 400, nothing written', async () => {
    const c = fresh();
    const token = await signIn(c);
    const before = await storedCandidate(c);
    const bad: [string, Record<string, unknown>][] = [
      ['districtCode', { districtCode: '419999' }], // no such county
      ['districtCode', { districtCode: '410000' }], // a province
      ['districtCode', { districtCode: '410100' }], // a city
      ['postcode', { postcode: '45000' }],
      ['phoneConfirm', { phoneConfirm: '13900000000' }],
      ['codAcknowledged', { codAcknowledged: false }],
      ['street', { street: '路'.repeat(500) }],
      ['recipient', { recipient: '13800138000' }],
    ];
    for (const [field, over] of bad) {
      const r = await book(token, good(c, over));
      expect(r.status, field).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    expect((await storedCandidate(c)).version).toBe(before.version);
    expect(await auditOf(c)).toEqual([]);
  });

  it('R18, R19: change the address, cancel, then book again inside the window; the counts follow', async () => {
    const c = fresh();
    const token = await signIn(c);
    const counts = async () =>
      (await api.get(`/api/exams/${exam.id}/bookings?city=${c.city}`, xf)).body.cities[0];
    const start = await counts();
    const first = await book(token, good(c));
    const changed = await book(token, good(c, { districtCode: '441900', street: '东城街道东纵路 1 号' }));
    expect(changed.body.booking).toMatchObject({
      reference: first.body.booking.reference,
      cityName: '东莞市',
      districtName: '东莞市',
    });
    const gone = await cancel(token);
    expect(gone.status).toBe(200);
    expect(gone.body.booking).toBeNull();
    expect((await storedCandidate(c)).lifecycle.bookedAt).toBeUndefined();
    const again = await book(token, good(c));
    expect(again.status).toBe(200);
    expect(again.body.booking.reference).not.toBe(first.body.booking.reference);
    expect(await auditOf(c)).toEqual(
      expect.arrayContaining(['lifecycle.booked', 'lifecycle.bookingChanged', 'lifecycle.bookingCancelled']),
    );
    expect((await smsOf(c)).sort()).toEqual([
      'booked',
      'booked',
      'bookingCancelled',
      'bookingChanged',
      'otp',
    ]);
    const end = await counts();
    expect(end).toMatchObject({
      booked: start.booked + 1,
      changed: start.changed + 1,
      cancelled: start.cancelled + 1,
      locked: start.locked,
    });
  });

  it('R18: the console counts bookings per city for the exam’s verifier; another department: 404', async () => {
    const all = await api.get(`/api/exams/${exam.id}/bookings`, xf);
    expect(all.status).toBe(200);
    expect(all.body.total.locked).toBeGreaterThanOrEqual(1);
    expect(all.body.total.booked).toBeGreaterThanOrEqual(2);
    expect(all.body.cities).toHaveLength(18);
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    expect((await api.get(`/api/exams/${exam.id}/bookings`, zjt)).status).toBe(404);
    // and a candidate cannot read them
    expect((await api.get(`/api/exams/${exam.id}/bookings`, await signIn(fresh()))).status).toBe(403);
  });
});
