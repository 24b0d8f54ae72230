/**
 * Dispatch and delivery by China Post (R18, R19, N3) on the local system with the demo data: the
 * manifest holds exactly the bookings whose certificates arrived and locks them; the tracking file's
 * unknown reference is reported by row and the rest applied; a failed delivery goes back on the next
 * manifest, failed twice → on site.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { manifestColumns } from '../../functions/domain/dispatch.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoDispatch, demoTrackingNo, dispatchPaperNumber } from '../../scripts/local/seed-dispatch.js';
import { storedCandidate } from '../support/candidates.js';
import { localSuite } from '../support/local.js';

const { sys, api, tokens } = localSuite(['zjt.verifier']);
const zjt = () => tokens['zjt.verifier'] as string;
const demo = () => demoDispatch(new Date());
const exam = () => demo().exam.id;
const nth = (i: number) => demo().candidates[i] as ReturnType<typeof demo>['candidates'][number];

const post = async (path: string, body: string, token = zjt()) => {
  const r = await fetch(`${sys.url}/api/exams/${exam()}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  return { status: r.status, body: await r.json() };
};
/** An hour ago as China Post writes a time: local time with its +08:00 offset (never in the future). */
const hourAgoInChina = () =>
  `${new Date(Date.now() - 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
const reference = async (i: number) => (await storedCandidate(nth(i))).booking.reference as string;
async function smsOf(i: number) {
  const r = await ddb.send(new ScanCommand({ TableName: tableName('outbox') }));
  return (r.Items ?? [])
    .filter((m) => m.personId === nth(i).personId)
    .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
    .map((m) => String(m.template));
}

/** Export a manifest, wait for its job, and read its CSV rows (header first). */
async function manifest(city: string) {
  const r = await api.post(`/api/exams/${exam()}/manifests`, { city }, zjt());
  expect(r.status).toBe(202);
  await api.jobDone(r.body.jobId, zjt());
  const f = await fetch(
    `${sys.url}/api/exams/${exam()}/manifests/${r.body.manifest.manifestId}/manifest.csv`,
    {
      headers: { authorization: `Bearer ${zjt()}` },
    },
  );
  expect(f.status).toBe(200);
  const xlsx = await fetch(
    `${sys.url}/api/exams/${exam()}/manifests/${r.body.manifest.manifestId}/manifest.xlsx`,
    { headers: { authorization: `Bearer ${zjt()}` } },
  );
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  return parse((await f.text()).replace(/^\uFEFF/, '')) as string[][];
}

describe('dispatch and delivery (R18, R19)', () => {
  it('R18, N3: the manifest holds exactly the bookings whose certificates arrived, and locks them; exported again it locks none twice and loses no row', async () => {
    // 洛阳: only the first candidate's certificate arrives
    const batch = await post(
      'certificate-batches?city=4103',
      `candidateNo,certificateNo\n${nth(4).candidateNo},${dispatchPaperNumber(nth(4))}\n`,
    );
    expect(batch.status).toBe(202);
    await api.jobDone(batch.body.jobId, zjt());
    const rows = await manifest('4103');
    const ref = await reference(4);
    expect(rows).toEqual([
      [...manifestColumns],
      [
        nth(4).name,
        nth(4).phone,
        '河南省',
        '洛阳市',
        '老城区',
        expect.any(String),
        '471000',
        dispatchPaperNumber(nth(4)),
        '是',
        ref,
      ],
    ]);
    const locked = (await storedCandidate(nth(4))).booking.lockedAt;
    expect(locked).toEqual(expect.any(String));
    expect((await storedCandidate(nth(5))).booking.lockedAt).toBeNull();
    // R18: locked — the candidate can no longer change it (the lifecycle refuses; tested in booking)
    const again = await manifest('4103');
    expect(again).toEqual(rows);
    expect((await storedCandidate(nth(4))).booking.lockedAt).toBe(locked);
    // 郑州: the demo's failed first delivery is back on the next manifest, and only it
    const zz = await manifest('4101');
    expect(zz.slice(1).map((r) => r[9])).toEqual([await reference(1)]);
  });

  it('R18: a tracking file with a wrong header, a bad cell or a reference twice is refused by row, nothing written', async () => {
    const before = await storedCandidate(nth(4));
    const header = await post('tracking-numbers', 'reference,number\nX,Y\n');
    expect(header.status).toBe(400);
    expect(header.body.error.details.fields).toEqual([
      { field: 'trackingNo', message: '缺少“运单号”（trackingNo）列' },
    ]);
    const ref = await reference(4);
    const bad = await post(
      'tracking-numbers',
      `预约编号,运单号\n${ref},EM12345678CN\n${ref},EM22345678CN\n${ref.slice(0, 6)},x\n`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.rows).toEqual([
      { row: 3, field: 'reference', message: '该预约编号与第 2 行重复' },
      { row: 4, field: 'trackingNo', message: '运单号应为8–30位大写字母或数字' },
    ]);
    expect(await storedCandidate(nth(4))).toEqual(before);
  });

  it('R18: a tracking import with an unknown reference reports the row and applies the rest; the candidate is sent the number and sees it', async () => {
    const ref = await reference(4);
    const r = await post(
      'tracking-numbers',
      `reference,trackingNo\n${ref},EM77700001CN\nYJNOBODY0001,EM77700002CN\n`,
    );
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      count: 1,
      unknown: [{ row: 3, field: 'reference', message: '本考试的交寄清单中没有该预约编号' }],
    });
    await api.jobDone(r.body.jobId, zjt());
    const s = await storedCandidate(nth(4));
    expect(s.lifecycle.trackingNo).toBe('EM77700001CN');
    expect(await smsOf(4)).toContain('dispatched');
    const view = await api.get(`/api/exams/${exam()}/candidates/${nth(4).personId}`, zjt());
    expect(view.body).toMatchObject({
      phase: 'delivery',
      delivery: { state: 'inTransit', trackingNo: 'EM77700001CN' },
    });
    // a municipal verifier of another city: every reference is unknown to it → 400 by row
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    const other = await post('tracking-numbers', `reference,trackingNo\n${ref},EM77700003CN\n`, zz);
    expect([400, 403]).toContain(other.status);
  });

  it('R19: delivered → done; failed → a second attempt, back on the next manifest (told); failed twice → on site, told by SMS', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const [r2, r3] = [await reference(2), await reference(3)];
    const bad = await post(
      'delivery-results',
      `reference,result,reason,at\n${r2},lost,,${today}\n${r3},failed,,2999-01-01\n`,
    );
    expect(bad.status).toBe(400);
    expect(
      bad.body.error.details.rows.map((e: { row: number; field: string }) => `${e.row}:${e.field}`),
    ).toEqual(['2:result', '3:at', '3:reason']);
    const first = await post(
      'delivery-results',
      `reference,result,reason,at\n${r2},failed,地址不详,${today}\n${r3},delivered,,${today}\n`,
    );
    expect(first.status).toBe(202);
    await api.jobDone(first.body.jobId, zjt());
    const s3 = await storedCandidate(nth(3));
    expect(s3.lifecycle.deliveredAt).toEqual(expect.any(String));
    expect((await api.get(`/api/exams/${exam()}/candidates/${nth(3).personId}`, zjt())).body.phase).toBe(
      'done',
    );
    let s2 = await storedCandidate(nth(2));
    expect(s2.lifecycle).toMatchObject({ deliveryFailures: 1 });
    expect(s2.lifecycle.trackingNo).toBeUndefined();
    expect(await smsOf(2)).toContain('deliveryRetry');
    // back on the next manifest, dispatched again, failed again → on site (R19)
    const zz = await manifest('4101');
    expect(
      zz
        .slice(1)
        .map((r) => r[9])
        .sort(),
    ).toEqual([await reference(1), r2].sort());
    const t = await post('tracking-numbers', `reference,trackingNo\n${r2},${demoTrackingNo(2, 2)}\n`);
    await api.jobDone(t.body.jobId, zjt());
    const secondAt = hourAgoInChina();
    const second = await post(
      'delivery-results',
      `reference,result,reason,at\n${r2},failed,拒收,${secondAt}\n`,
    );
    await api.jobDone(second.body.jobId, zjt());
    s2 = await storedCandidate(nth(2));
    expect(s2.lifecycle.deliveryFailures).toBe(2);
    const view = await api.get(`/api/exams/${exam()}/candidates/${nth(2).personId}`, zjt());
    expect(view.body).toMatchObject({ phase: 'collection', delivery: { state: 'onSite', failures: 2 } });
    expect((await smsOf(2)).slice(-1)).toEqual(['deliveryFailed']);
    // the same file again changes nothing (each row is on record)
    const replay = await post(
      'delivery-results',
      `reference,result,reason,at\n${r2},failed,拒收,${secondAt}\n`,
    );
    await api.jobDone(replay.body.jobId, zjt());
    expect((await storedCandidate(nth(2))).version).toBe(s2.version);
    // and no longer on a manifest
    expect((await manifest('4101')).slice(1).map((r) => r[9])).toEqual([await reference(1)]);
  });
});
