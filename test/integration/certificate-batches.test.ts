/**
 * Paper certificates arriving per batch (N3, R16) and their reissue (补发) on the local system: a
 * certificate-number list is refused whole, by row, for any wrong row; a good one is recorded with its
 * distribution deadline and gives each candidate a paper certificate the public check finds; a
 * reissue marks the old number `replaced`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoArrival, demoPaperNumber } from '../../scripts/local/seed-arrival.js';
import { storedCandidate } from '../support/candidates.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const demo = () => demoArrival(new Date());
const luoyang = () => demo().candidates.filter((c) => c.city === '4103');

beforeAll(async () => {
  sys = await startTestSystem({ lifecycles: true });
  api = client(sys.url);
  await sys.lifecycles;
  await sys.runner.idle();
});
afterAll(async () => {
  await sys?.stop();
});

const postList = async (csv: string, token: string, city = '4103') => {
  const r = await fetch(`${sys.url}/api/exams/${demo().exam.id}/certificate-batches?city=${city}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: r.status, body: await r.json() };
};
const check = (number: string, name: string) =>
  api.get(`/api/public/certificates/${encodeURIComponent(number)}?${new URLSearchParams({ name })}`);

describe('paper certificates arriving per batch (N3)', () => {
  let zjt: string;

  it('N3: a list with unknown candidate numbers, duplicate rows, a number used twice or a wrong header is refused by row; nothing is written', async () => {
    zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    const [a, b] = luoyang() as [ReturnType<typeof luoyang>[number], ReturnType<typeof luoyang>[number]];
    const before = await Promise.all(luoyang().map(storedCandidate));
    const header = await postList('准考证号,编号\nX,Y\n', zjt);
    expect(header.status).toBe(400);
    expect(header.body.error.details.fields).toEqual([
      { field: 'certificateNo', message: '缺少“证书编号”（certificateNo）列' },
    ]);
    const taken = demoPaperNumber(demo().candidates[1] as { candidateNo: string }); // 郑州's batch has it
    const bad = await postList(
      [
        'candidateNo,certificateNo',
        `${a.candidateNo},ZSNEW0001`,
        `${a.candidateNo},ZSNEW0002`,
        `${b.candidateNo},ZSNEW0001`,
        'JZS1NOBODY0001,ZSNEW0003',
        `${(luoyang()[2] as { candidateNo: string }).candidateNo},${taken}`,
      ].join('\n'),
      zjt,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.rows).toEqual([
      { row: 3, field: 'candidateNo', message: '该准考证号与第 2 行重复' },
      { row: 4, field: 'certificateNo', message: '证书编号与第 2 行重复，一个编号只能用一次' },
      { row: 5, field: 'candidateNo', message: '本考试没有该准考证号的考生' },
      { row: 6, field: 'certificateNo', message: '该证书编号已经登记过，一个编号只能用一次' },
    ]);
    // nothing half-applied: no candidate changed, no batch recorded, the good row's number unknown
    expect(await Promise.all(luoyang().map(storedCandidate))).toEqual(before);
    const list = await api.get(`/api/exams/${demo().exam.id}/certificate-batches`, zjt);
    expect(list.body.items.map((x: { city: string }) => x.city)).toEqual(['4101']);
    expect((await check('ZSNEW0001', a.name)).body).toEqual({ status: 'not_found' });
  });

  it("R16, N3: a municipal verifier records only its own city's batch; hr records none", async () => {
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    const csv = `candidateNo,certificateNo\n${(luoyang()[0] as { candidateNo: string }).candidateNo},ZSX0001\n`;
    expect((await postList(csv, zz)).status).toBe(403);
    const hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
    expect((await postList(csv, hr)).status).toBe(403);
    // a batch without its city: 400 naming the field (the provincial verifier has no city of its own)
    const r = await fetch(`${sys.url}/api/exams/${demo().exam.id}/certificate-batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${zjt}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error.details.fields[0].field).toBe('city');
  });

  it("N3: a batch's distribution deadline is 10 working days from its arrival; each candidate's certificate is recorded, found by the public check, and dispatch counts from the batch", async () => {
    const csv = [
      'candidateNo,certificateNo',
      ...luoyang().map((c) => `${c.candidateNo},LY${c.candidateNo}`),
    ].join('\r\n');
    const r = await postList(csv, zjt);
    expect(r.status).toBe(202);
    expect(r.body.batch).toMatchObject({ city: '4103', count: luoyang().length, overdue: false });
    expect(r.body.batch.distributionDue.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await api.jobDone(r.body.jobId, zjt);
    await sys.runner.idle();
    for (const c of luoyang()) {
      const s = await storedCandidate(c);
      expect(s.certificate).toEqual({
        kind: 'paper',
        number: `LY${c.candidateNo}`,
        issuedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        status: 'valid',
      });
      expect(s.lifecycle.certificateArrivedAt).toBe(r.body.batch.arrivedAt);
      const found = await check(`LY${c.candidateNo}`, c.name);
      expect(found.body).toMatchObject({ status: 'valid', kind: 'paper', exam: { id: demo().exam.id } });
      expect(found.body.signed).toBeUndefined();
    }
    // the booked one waits for dispatch, due on the batch's deadline (N3)
    const booked = luoyang().find((c) => c.lifecycle?.bookedAt) as ReturnType<typeof luoyang>[number];
    const view = await api.get(`/api/exams/${demo().exam.id}/candidates/${booked.personId}`, zjt);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      phase: 'dispatch',
      deadline: { date: r.body.batch.distributionDue.date, rule: 'N3' },
    });
    // listed, newest first, with its deadline; the same list again is refused (the numbers are taken)
    const list = await api.get(`/api/exams/${demo().exam.id}/certificate-batches`, zjt);
    expect(list.body.items.map((x: { city: string }) => x.city)).toEqual(['4103', '4101']);
    const again = await postList(csv, zjt);
    expect(again.status).toBe(400);
    expect(again.body.error.details.rows[0]).toMatchObject({ row: 2, field: 'candidateNo' });
  });
});

describe('reissue (补发, N3)', () => {
  it('N3: a reissue marks the old number replaced; the new certificate is marked reissued', async () => {
    const holder = luoyang()[0] as ReturnType<typeof luoyang>[number];
    const token = await client(sys.url, { from: '127.0.0.81' }).candidateToken(holder);
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    // staff cannot record a reissue nobody asked for
    const early = await api.post(
      `/api/exams/${demo().exam.id}/candidates/${holder.personId}/reissue`,
      { certificateNo: 'LYNEW0001' },
      zjt,
    );
    expect(early.status).toBe(409);
    // only a certificate in hand may be reported lost: after its delivery
    const notYet = await api.post(`/api/exams/${demo().exam.id}/reissue-requests`, {}, token);
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.message).toContain('寄达');
    // each event wakes the candidate's execution, which writes the record too: let it settle in between
    await sys.runner.idle();
    await recordEvent(
      demo().exam.id,
      holder.personId,
      { type: 'dispatched', trackingNo: 'EMS1' },
      'staff:zjt.verifier',
    );
    await sys.runner.idle();
    await recordEvent(demo().exam.id, holder.personId, { type: 'delivered' }, 'system:test');
    await sys.runner.idle();
    const asked = await api.post(
      `/api/exams/${demo().exam.id}/reissue-requests`,
      { reason: '证书遗失' },
      token,
    );
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'requested', number: `LY${holder.candidateNo}` });
    expect((await api.post(`/api/exams/${demo().exam.id}/reissue-requests`, {}, token)).status).toBe(409);
    const listed = await api.get(`/api/exams/${demo().exam.id}/certificate-batches`, zjt);
    expect(listed.body.reissues).toContainEqual(
      expect.objectContaining({ personId: holder.personId, status: 'requested', reason: '证书遗失' }),
    );
    // a number already used is refused, naming the field
    const used = await api.post(
      `/api/exams/${demo().exam.id}/candidates/${holder.personId}/reissue`,
      { certificateNo: `LY${(luoyang()[1] as { candidateNo: string }).candidateNo}` },
      zjt,
    );
    expect(used.status).toBe(400);
    expect(used.body.error.details.fields[0].field).toBe('certificateNo');
    const done = await api.post(
      `/api/exams/${demo().exam.id}/candidates/${holder.personId}/reissue`,
      { certificateNo: 'lynew0001' },
      zjt,
    );
    expect(done.status).toBe(200);
    expect(done.body.certificate).toMatchObject({
      number: 'LYNEW0001',
      reissued: true,
      replaces: `LY${holder.candidateNo}`,
    });
    const old = await check(`LY${holder.candidateNo}`, holder.name);
    expect(old.body).toMatchObject({ status: 'replaced', replacedAt: expect.stringMatching(/^\d{4}-/) });
    expect((await check('LYNEW0001', holder.name)).body).toMatchObject({ status: 'valid', reissued: true });
    const s = await storedCandidate(holder);
    expect(s.reissue).toMatchObject({ status: 'completed', newNumber: 'LYNEW0001' });
    // the seeded holder in 郑州: the same, done by the seed
    const zz = demo().candidates[0] as { candidateNo: string; name: string };
    expect((await check(demoPaperNumber(zz), zz.name)).body.status).toBe('replaced');
  });
});
