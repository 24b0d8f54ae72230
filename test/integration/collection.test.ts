/**
 * On-site collection (R19) and custody with its transfer (R20) through the local server on DynamoDB
 * Local, with the demo's two earlier paper sittings (scripts/local/seed-collection.ts): the sites, the
 * portal's view, the ID check, a proxy collection with its letter, the printable list, the custody
 * register, and the transfer register — the uncollected set at custodyEnds — received by hr.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { maskIdNumber } from '../../functions/domain/masking.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
import { storedCandidate } from '../support/candidates.js';
import { localSuite } from '../support/local.js';
import { TINY_PDF } from '../support/materials.js';

const { sys, api, tokens } = localSuite(['hr.admin', 'zjt.verifier', 'zz.verifier']);
const demo = demoCollection(new Date());
const { recent, old } = demo;
const [w1, w2, w3] = demo.waiting as [
  (typeof demo.waiting)[number],
  (typeof demo.waiting)[number],
  (typeof demo.waiting)[number],
];
const PROXY_ID = syntheticIdNumber('410105', '1988-03-07', 7);
/** the same with a wrong check character */
const BAD_ID = `${PROXY_ID.slice(0, 17)}${PROXY_ID.endsWith('1') ? '2' : '1'}`;

const collectionPath = (c: { examId: string; personId: string }) =>
  `/api/exams/${c.examId}/candidates/${c.personId}/collection`;

async function auditOf(subject: string) {
  const r = await ddb.send(new ScanCommand({ TableName: tableName('audit') }));
  return (r.Items ?? []).filter((i) => i.pk === subject);
}
async function messagesOf(personId: string) {
  const r = await ddb.send(new ScanCommand({ TableName: tableName('outbox') }));
  return (r.Items ?? []).filter((m) => m.personId === personId);
}

describe('R19 collection sites and the portal', () => {
  it('R19: the city’s verifier sets its site (another city’s: 403; a bad period names the field); the candidate sees their site, dates, hours and what to bring', async () => {
    const zz = tokens['zz.verifier'] as string;
    const body = {
      name: '郑州市人才交流中心证书发放窗口',
      address: '郑州市金水区花园路 1 号 2 楼',
      opensOn: '2026-01-01',
      closesOn: '2025-12-01',
      hours: '工作日 9:00–17:00',
    };
    const bad = await api.call('PUT', `/api/exams/${recent.id}/collection-sites/4101`, { token: zz, body });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('closesOn');
    const other = await api.call('PUT', `/api/exams/${recent.id}/collection-sites/4103`, {
      token: zz,
      body: { ...body, closesOn: '2026-02-01' },
    });
    expect(other.status).toBe(403);
    const site = demo.sites[0] as (typeof demo.sites)[number];
    const ok = await api.call('PUT', `/api/exams/${recent.id}/collection-sites/4101`, {
      token: zz,
      body: {
        name: site.name,
        address: site.address,
        opensOn: site.opensOn,
        closesOn: site.closesOn,
        hours: '工作日 9:00–12:00',
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      city: '4101',
      cityName: '郑州市',
      hours: '工作日 9:00–12:00',
      version: 2,
    });
    const list = await api.get(`/api/exams/${recent.id}/collection-sites`, zz);
    expect(list.body.items.map((s: { city: string }) => s.city)).toEqual(['4101']);
    const all = await api.get(`/api/exams/${recent.id}/collection-sites`, tokens['zjt.verifier']);
    expect(all.body.items.map((s: { city: string }) => s.city)).toEqual(['4101', '4103']);

    const me = await api.candidateToken(w1);
    const mine = await api.get(collectionPath(w1), me);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      status: 'awaitingCollection',
      statusWords: '待现场领取',
      site: { name: site.name, address: site.address, hours: '工作日 9:00–12:00', opensOn: site.opensOn },
    });
    expect(mine.body.site.bring).toMatch(/身份证原件/);
    expect(mine.body.custodyEnds.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // another candidate's: 404
    expect((await api.get(collectionPath(w2), me)).status).toBe(404);
    // in custody once the site's period ended uncollected
    const kept = demo.custody[0] as (typeof demo.custody)[number];
    const k = await api.get(collectionPath(kept), tokens['zjt.verifier']);
    expect(k.body).toMatchObject({ status: 'inCustody', statusWords: '代为保管' });
  });

  it('R19: the printable list of a site holds its candidates still to collect there (ID numbers masked)', async () => {
    const r = await api.get(
      `/api/exams/${recent.id}/collection-sites/4101/candidates?limit=2`,
      tokens['zz.verifier'],
    );
    expect(r.status).toBe(200);
    const first = r.body.items as { personId: string; idNumberMasked: string }[];
    expect(r.body.cursor).toBeTruthy();
    const more = await api.get(
      `/api/exams/${recent.id}/collection-sites/4101/candidates?limit=2&cursor=${encodeURIComponent(r.body.cursor)}`,
      tokens['zz.verifier'],
    );
    const ids = [...first, ...more.body.items].map((x) => x.personId).sort();
    expect(ids).toEqual([w1, w2, w3].map((c) => c.personId).sort());
    expect(first[0]?.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const tampered = await api.get(
      `/api/exams/${recent.id}/collection-sites/4101/candidates?cursor=x.y`,
      tokens['zz.verifier'],
    );
    expect(tampered.status).toBe(400);
  });
});

describe('R19 recording a collection', () => {
  it('N3: a batch all of whose certificates are handed out on site starts its distribution with the first handout: overdue until then, not after', async () => {
    const zz = tokens['zz.verifier'] as string;
    const arrivedAt = w1.lifecycle?.certificateArrivedAt as string;
    const batchId = 'onsite-batch-4101';
    // 郑州's batch of the recent sitting, past its 10 working days, no manifest (nobody booked mail)
    await ddb.send(
      new PutCommand({
        TableName: tableName('catalog'),
        Item: {
          pk: `BATCH#${recent.id}`,
          sk: batchId,
          batchId,
          examId: recent.id,
          city: '4101',
          arrivedAt,
          distributionDue: { date: '2000-01-14', endsAt: '2000-01-14T16:00:00.000Z', provisional: false },
          count: 3,
          recordedBy: '郑州市城乡建设局',
          jobId: batchId,
        },
      }),
    );
    const batch = async () =>
      (await api.get(`/api/exams/${recent.id}/certificate-batches`, zz)).body.items.find(
        (b: { batchId: string }) => b.batchId === batchId,
      );
    expect(await batch()).toMatchObject({ overdue: true });
    expect((await batch()).distributionStartedAt).toBeUndefined();
    const ok = await api.post(collectionPath(w1), { by: 'self', idLast6: w1.idNumber.slice(-6) }, zz);
    expect(ok.status).toBe(201);
    const started = await batch();
    expect(started.distributionStartedAt).toBe(ok.body.collectedAt);
    expect(started.overdue).toBe(false);
  });

  it('R19: a collection without the ID check, or with the wrong last six characters, is a 400 naming idLast6 and writes nothing; the right ones record it, with the SMS and the audit record', async () => {
    const zz = tokens['zz.verifier'] as string;
    const before = await storedCandidate(w2);
    const none = await api.post(collectionPath(w2), { by: 'self' }, zz);
    expect(none.status).toBe(400);
    expect(none.body.error.details.fields[0].field).toBe('idLast6');
    const wrong = await api.post(collectionPath(w2), { by: 'self', idLast6: '000000' }, zz);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields[0].field).toBe('idLast6');
    expect((await storedCandidate(w2)).version).toBe(before.version);
    const ok = await api.post(
      collectionPath(w2),
      { by: 'self', idLast6: w2.idNumber.slice(-6).toLowerCase() },
      zz,
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ by: 'self', statusWords: '已领取' });
    const after = await storedCandidate(w2);
    expect(after.lifecycle.collectedAt).toBeDefined();
    expect(after.collection).toMatchObject({ by: 'self', city: '4101', deptName: '郑州市城乡建设局' });
    expect((await messagesOf(w2.personId)).map((m) => m.template)).toContain('collected');
    const audit = await auditOf(`C#${w2.examId}#${w2.personId}`);
    expect(audit.find((a) => a.action === 'lifecycle.collected')?.details).toMatchObject({
      rule: 'R19',
      by: 'self',
    });
    // collected once: a second time is refused
    expect(
      (await api.post(collectionPath(w2), { by: 'self', idLast6: w2.idNumber.slice(-6) }, zz)).status,
    ).toBe(409);
    const me = await api.candidateToken(w2);
    expect((await api.get(collectionPath(w2), me)).body).toMatchObject({
      status: 'collected',
      statusWords: '已领取',
    });
  });

  it('R19: a proxy collection recorded — without the letter a 400 naming the field; the proxy’s ID number validated, kept masked and hashed, never whole', async () => {
    const zz = tokens['zz.verifier'] as string;
    const noLetter = await api.post(
      collectionPath(w3),
      { by: 'proxy', proxy: { name: '岳明', idNumber: PROXY_ID } },
      zz,
    );
    expect(noLetter.status).toBe(400);
    expect(noLetter.body.error.details.fields[0].field).toBe('proxy.letterMaterialId');
    const notUploaded = await api.post(
      collectionPath(w3),
      { by: 'proxy', proxy: { name: '岳明', idNumber: PROXY_ID, letterMaterialId: 'aaaaaaaaaaaaaaaaaaa-u' } },
      zz,
    );
    expect(notUploaded.status).toBe(400);
    expect(notUploaded.body.error.details.fields[0].field).toBe('proxy.letterMaterialId');
    const made = await api.post(
      `${collectionPath(w3)}/letter-upload-url`,
      { contentType: 'application/pdf', name: '代领委托书.pdf', bytes: TINY_PDF.length },
      zz,
    );
    expect(made.status).toBe(201);
    const put = await fetch(`${sys.url}${made.body.url}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(TINY_PDF),
    });
    expect(put.status).toBe(200);
    const letterMaterialId = made.body.materialId as string;
    const badId = await api.post(
      collectionPath(w3),
      { by: 'proxy', proxy: { name: '岳明', idNumber: BAD_ID, letterMaterialId } },
      zz,
    );
    expect(badId.status).toBe(400);
    expect(badId.body.error.details.fields[0].field).toBe('proxy.idNumber');
    const before = await storedCandidate(w3);
    expect(before.lifecycle.collectedAt).toBeUndefined();
    const ok = await api.post(
      collectionPath(w3),
      { by: 'proxy', proxy: { name: '岳明', idNumber: PROXY_ID, letterMaterialId } },
      zz,
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ by: 'proxy', proxy: { name: '岳明', idMasked: maskIdNumber(PROXY_ID) } });
    const after = await storedCandidate(w3);
    expect(after.collection.proxy).toMatchObject({
      name: '岳明',
      idMasked: maskIdNumber(PROXY_ID),
      letterMaterialId,
    });
    expect(after.collection.proxy.idHash).toMatch(/^[a-z2-9]{20}$/);
    expect(JSON.stringify(after)).not.toContain(PROXY_ID);
    const audit = await auditOf(`C#${w3.examId}#${w3.personId}`);
    expect(JSON.stringify(audit)).not.toContain(PROXY_ID);
    expect(audit.find((a) => a.action === 'lifecycle.collected')?.details).toMatchObject({
      by: 'proxy',
      letterMaterialId,
    });
    const sms = (await messagesOf(w3.personId)).find((m) => m.template === 'collected');
    expect(sms?.text).toMatch(/代领人/);
    // the letter is on the candidate's materials, uploaded by staff
    const mats = await api.get(`/api/exams/${w3.examId}/candidates/${w3.personId}/materials`, zz);
    expect(mats.body.items).toContainEqual(
      expect.objectContaining({ materialId: letterMaterialId, source: 'staff' }),
    );
    const view = await api.get(collectionPath(w3), tokens['zjt.verifier']);
    expect(view.body.collection.proxy).toEqual({ name: '岳明', idMasked: maskIdNumber(PROXY_ID) });
  });
});

async function register(kind: 'custody' | 'transfer', examId: string) {
  const r = await api.post(`/api/exams/${examId}/reports/${kind}`, { confirm: true }, tokens['zjt.verifier']);
  expect(r.status).toBe(202);
  await api.jobDone(r.body.jobId, tokens['zjt.verifier'] as string);
  const csv = await fetch(`${sys.url}/api/exams/${examId}/reports/${r.body.reportId}/${kind}.csv`, {
    headers: { authorization: `Bearer ${tokens['hr.admin']}` },
  });
  expect(csv.status).toBe(200);
  const rows = parse((await csv.text()).replace(/^\uFEFF/, '')) as string[][];
  const xlsx = await fetch(`${sys.url}/api/exams/${examId}/reports/${r.body.reportId}/${kind}.xlsx`, {
    headers: { authorization: `Bearer ${tokens['hr.admin']}` },
  });
  expect(xlsx.status).toBe(200);
  return { reportId: r.body.reportId as string, rows };
}

describe('R20 custody and its transfer', () => {
  it('R20: the custody register holds every certificate uncollected after its site closed, with the day its custody ends', async () => {
    const { rows } = await register('custody', recent.id);
    expect(rows[0]).toEqual([
      '准考证号',
      '姓名',
      '身份证号',
      '地市',
      '证书编号',
      '领取点',
      '现场领取截止',
      '保管期至',
    ]);
    const kept = rows.slice(1);
    expect(kept.map((r) => r[0]).sort()).toEqual(demo.custody.map((c) => c.candidateNo).sort());
    expect(kept[0]?.[2]).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(kept[0]?.[7]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the municipal verifier does not keep the register
    const zz = await api.post(
      `/api/exams/${recent.id}/reports/custody`,
      { confirm: true },
      tokens['zz.verifier'],
    );
    expect(zz.status).toBe(403);
  });

  it('R20: the transfer register equals the uncollected set at custodyEnds (before it: 409 with the date); hr records receipt once, and the portal says it is with hr', async () => {
    const early = await api.post(
      `/api/exams/${recent.id}/reports/transfer`,
      { confirm: true },
      tokens['zjt.verifier'],
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/\d{4}年\d+月\d+日 24:00（北京时间）.*R20/);
    const { reportId, rows } = await register('transfer', old.id);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(demo.transfer.map((c) => c.candidateNo).sort());
    const holder = demo.transfer[0] as (typeof demo.transfer)[number];
    const me = await api.candidateToken(holder);
    expect((await api.get(collectionPath(holder), me)).body).toMatchObject({
      status: 'transferListed',
      transfer: null,
    });
    const receiptPath = `/api/exams/${old.id}/reports/${reportId}/receipt`;
    expect((await api.post(receiptPath, { reference: 'HR-2026-0001' }, tokens['zjt.verifier'])).status).toBe(
      403,
    );
    const bad = await api.post(receiptPath, { reference: '' }, tokens['hr.admin']);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('reference');
    const ok = await api.post(receiptPath, { reference: 'HR-2026-0001' }, tokens['hr.admin']);
    expect(ok.status).toBe(201);
    expect((await api.post(receiptPath, { reference: 'HR-2026-0002' }, tokens['hr.admin'])).status).toBe(409);
    const view = await api.get(collectionPath(holder), me);
    expect(view.body).toMatchObject({
      status: 'transferred',
      statusWords: '已移交',
      transfer: { reference: 'HR-2026-0001' },
    });
    const report = await api.get(`/api/exams/${old.id}/reports/${reportId}`, tokens['hr.admin']);
    expect(report.body.receipt).toMatchObject({ reference: 'HR-2026-0001' });
    expect((await auditOf(`EXAM#${old.id}`)).map((a) => a.action)).toContain('custody.received');
    // a certificate on the register can no longer be collected
    const late = await api.post(
      collectionPath(holder),
      { by: 'self', idLast6: holder.idNumber.slice(-6) },
      tokens['zjt.verifier'],
    );
    expect(late.status).toBe(409);
  });
});
