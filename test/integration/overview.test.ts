/**
 * hr's overview of the paper certificates (issue 13 §5; R16, R19, R20, N3) on the local system with the
 * demo data: the counts per exam and city come from counters kept in the same transaction as each
 * change, so they follow every step — booked → dispatched → delivered, failed twice → on site →
 * collected — and agree with the records; the manifest export starts its batches' distribution
 * (distributionStartedAt), so a batch past its N3 deadline is listed overdue only until then.
 */
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { overviewPhases, progressOf } from '../../functions/domain/overview.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
import { demoDispatch, dispatchPaperNumber } from '../../scripts/local/seed-dispatch.js';
import { storedCandidate } from '../support/candidates.js';
import { localSuite } from '../support/local.js';

const { api, tokens } = localSuite(['zjt.verifier', 'hr.admin']);
const zjt = () => tokens['zjt.verifier'] as string;
const hr = () => tokens['hr.admin'] as string;
const demo = () => demoDispatch(new Date());
const exam = () => demo().exam.id;
const nth = (i: number) => demo().candidates[i] as ReturnType<typeof demo>['candidates'][number];

type Counts = Record<string, number>;
interface Overview {
  phases: string[];
  exams: { exam: { examId: string }; cities: { city: string; counts: Counts }[]; total: Counts }[];
  total: Counts;
  overdue: { examId: string; batchId: string; city: string }[];
}
const overview = async (): Promise<Overview> => {
  const r = await api.get('/api/overview', hr());
  expect(r.status).toBe(200);
  return r.body;
};
const cityOf = (o: Overview, examId: string, city: string): Counts =>
  o.exams.find((e) => e.exam.examId === examId)?.cities.find((c) => c.city === city)?.counts ?? {};

const post = (path: string, csv: string) => api.postCsv(`/api/exams/${exam()}/${path}`, csv, zjt());
const reference = async (i: number) => (await storedCandidate(nth(i))).booking.reference as string;
async function manifest(city: string) {
  const r = await api.post(`/api/exams/${exam()}/manifests`, { city }, zjt());
  expect(r.status).toBe(202);
  await api.jobDone(r.body.jobId, zjt());
}
async function postFile(path: string, body: string) {
  const r = await post(path, body);
  expect(r.status).toBe(202);
  await api.jobDone(r.body.jobId, zjt());
}
const today = () => new Date().toISOString().slice(0, 10);

describe("hr's overview (issue 13 §5)", () => {
  it('R16, R19, R20: the demo shows every phase from its counters — booked, dispatched, delivered, waiting on site, in custody, on the transfer register — per exam and city with totals; hr only', async () => {
    const o = await overview();
    expect(o.phases).toEqual([...overviewPhases]);
    expect(o.phases.slice(0, 4)).toEqual(['passed', 'qualified', 'booked', 'dispatched']);
    // the mailed exam: 郑州's four booked and dispatched (one delivered, one back for a second attempt)
    expect(cityOf(o, exam(), '4101')).toMatchObject({
      passed: 4,
      qualified: 4,
      booked: 4,
      dispatched: 4,
      delivered: 1,
      deliveryFailed: 0,
    });
    expect(cityOf(o, exam(), '4103')).toMatchObject({ booked: 2, dispatched: 0 });
    // R19, R20: on site while 郑州's site is open, kept once 洛阳's has closed; the old sitting's on the register
    const c = demoCollection(new Date());
    expect(cityOf(o, c.recent.id, '4101')).toMatchObject({ awaitingCollection: 3, inCustody: 0 });
    expect(cityOf(o, c.recent.id, '4103')).toMatchObject({ awaitingCollection: 0, inCustody: 2 });
    expect(o.exams.find((e) => e.exam.examId === c.old.id)?.total).toMatchObject({
      transferListed: 3,
      transferred: 0,
    });
    // each exam's total is its cities', the total everyone's
    for (const e of o.exams)
      for (const p of o.phases) expect(e.total[p]).toBe(e.cities.reduce((n, x) => n + (x.counts[p] ?? 0), 0));
    for (const p of o.phases) expect(o.total[p]).toBe(o.exams.reduce((n, e) => n + (e.total[p] ?? 0), 0));
    for (const p of ['passed', 'qualified', 'booked', 'dispatched', 'delivered', 'awaitingCollection'])
      expect(o.total[p]).toBeGreaterThan(0);
    for (const who of ['zjt.verifier', 'zz.verifier'])
      expect((await api.get('/api/overview', await api.staffToken(who, DEMO_PASSWORD))).status).toBe(403);
  });

  it('N3: the manifest export sets its batch’s distributionStartedAt; a batch past its 10 working days without it is listed overdue, with its exam, until the export', async () => {
    const batch = await post(
      'certificate-batches?city=4103',
      `candidateNo,certificateNo\n${[4, 5].map((i) => `${nth(i).candidateNo},${dispatchPaperNumber(nth(i))}`).join('\n')}\n`,
    );
    expect(batch.status).toBe(202);
    await api.jobDone(batch.body.jobId, zjt());
    const id = batch.body.batch.batchId as string;
    // its deadline passed (as if 10 working days had gone by): overdue, distribution not started
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('catalog'),
        Key: { pk: `BATCH#${exam()}`, sk: id },
        UpdateExpression: 'SET distributionDue.endsAt = :past',
        ExpressionAttributeValues: { ':past': '2000-01-01T16:00:00.000Z' },
      }),
    );
    expect((await overview()).overdue).toEqual([
      expect.objectContaining({ examId: exam(), batchId: id, city: '4103' }),
    ]);
    await manifest('4103');
    const batches = await api.get(`/api/exams/${exam()}/certificate-batches`, zjt());
    const b = batches.body.items.find((x: { batchId: string }) => x.batchId === id);
    expect(b.distributionStartedAt).toEqual(expect.any(String));
    expect(b.overdue).toBe(false);
    expect((await overview()).overdue).toEqual([]);
    // 郑州's batch started with the demo's manifest
    const zz = batches.body.items.find((x: { city: string }) => x.city === '4101');
    expect(zz.distributionStartedAt).toEqual(expect.any(String));
  });

  it('R16, R19: the counters follow each change — dispatched, delivered; failed twice → on site → collected — and agree with the records', async () => {
    const before = cityOf(await overview(), exam(), '4103') as Required<Counts>;
    const n = (k: string) => before[k] ?? 0;
    const [r4, r5] = [await reference(4), await reference(5)];
    await postFile('tracking-numbers', `reference,trackingNo\n${r4},EM55500004CN\n${r5},EM55500005CN\n`);
    let now = cityOf(await overview(), exam(), '4103');
    expect(now.dispatched).toBe(n('dispatched') + 2);
    await postFile(
      'delivery-results',
      `reference,result,reason,at\n${r4},delivered,,${today()}\n${r5},failed,地址不详,${today()}\n`,
    );
    now = cityOf(await overview(), exam(), '4103');
    expect(now).toMatchObject({ dispatched: n('dispatched') + 2, delivered: n('delivered') + 1 });
    // a second attempt fails too: on site (R19), waiting (no site set: its period has not ended)
    await manifest('4103');
    await postFile('tracking-numbers', `reference,trackingNo\n${r5},EM55600005CN\n`);
    await postFile(
      'delivery-results',
      `reference,result,reason,at\n${r5},failed,拒收,${new Date(Date.now() - 1000).toISOString()}\n`,
    );
    now = cityOf(await overview(), exam(), '4103');
    expect(now).toMatchObject({
      deliveryFailed: n('deliveryFailed') + 1,
      awaitingCollection: n('awaitingCollection') + 1,
    });
    const got = await api.post(
      `/api/exams/${exam()}/candidates/${nth(5).personId}/collection`,
      { by: 'self', idLast6: nth(5).idNumber.slice(-6) },
      zjt(),
    );
    expect(got.status).toBe(201);
    now = cityOf(await overview(), exam(), '4103');
    expect(now).toMatchObject({
      collected: n('collected') + 1,
      awaitingCollection: n('awaitingCollection'),
    });
    // every exam's and city's counts are what its records say (no count drifted from a change)
    const scan = await ddb.send(new ScanCommand({ TableName: tableName('candidates') }));
    const records = (scan.Items ?? []).filter((i) => String(i.sk).startsWith('E#') && i.status);
    const o = await overview();
    for (const e of o.exams)
      for (const c of e.cities) {
        const mine = records.filter((r) => r.examId === e.exam.examId && r.city === c.city);
        const reached = (k: string) =>
          mine.filter((r) => progressOf(r as Parameters<typeof progressOf>[0]).includes(k as never)).length;
        expect({ where: `${e.exam.examId} ${c.city}`, ...c.counts }).toMatchObject({
          passed: mine.length,
          qualified: mine.filter((r) => r.status === 'qualified').length,
          booked: mine.filter((r) => r.booking).length,
          dispatched: reached('dispatched'),
          delivered: reached('delivered'),
          collected: reached('collected'),
          awaitingCollection: c.counts.inCustody ? 0 : reached('onSite'),
          transferListed: reached('transferListed') - (c.counts.transferred ?? 0),
        });
      }
  });

  it('R20: the candidate page’s status tag and its collection panel say the same (代为保管), from one function', async () => {
    const c = demoCollection(new Date());
    for (const [who, status] of [
      [c.custody[0], 'inCustody'],
      [c.waiting[0], 'awaitingCollection'],
      [c.transfer[0], 'transferListed'],
    ] as const) {
      const path = `/api/exams/${who?.examId}/candidates/${who?.personId}`;
      const [view, panel] = await Promise.all([api.get(path, hr()), api.get(`${path}/collection`, hr())]);
      expect({ tag: view.body.paperStatus, panel: panel.body.status }).toEqual({
        tag: status,
        panel: status,
      });
    }
  });

  it('R16: exams without a candidate counted cost the overview one counter read each, nothing more (many created exams do not slow it down to a timeout)', async () => {
    // the DynamoDB calls on the exam data while the overview answers (the local server runs in this
    // process; its job worker's and outbox's own polling is on other tables)
    const examData = [tableName('catalog'), tableName('candidates')];
    const commands = async () => {
      const seen: string[] = [];
      const send = ddb.send.bind(ddb);
      const spy = vi.spyOn(ddb, 'send').mockImplementation(((c: object, ...rest: []) => {
        const input = (c as { input?: { TableName?: string; RequestItems?: object } }).input;
        const tables = input?.TableName ? [input.TableName] : Object.keys(input?.RequestItems ?? {});
        if (tables.some((t) => examData.includes(t))) seen.push(c.constructor.name);
        return send(c as never, ...rest);
      }) as typeof ddb.send);
      try {
        await overview();
      } finally {
        spy.mockRestore();
      }
      const batchGet = seen.filter((n) => n === 'BatchGetCommand').length;
      return { batchGet, other: seen.length - batchGet };
    };
    const before = await commands();
    // 60 paper exams hr created and never imported into
    for (let i = 0; i < 60; i++)
      await ddb.send(
        new PutCommand({
          TableName: tableName('catalog'),
          Item: {
            ...keys.exam(`EMPTY-${String(i).padStart(3, '0')}`),
            id: `EMPTY-${String(i).padStart(3, '0')}`,
            examType: 'JZS1',
            name: `空考试 ${i}`,
            year: 2026,
            examEnd: '2026-09-20',
            scoreRelease: '2026-11-20',
          },
        }),
      );
    const after = await commands();
    // their counters: 18 cities × 8 shards each, 100 keys a BatchGet; no per-exam Get or Query
    expect(after.other).toBe(before.other);
    expect(after.batchGet).toBeGreaterThanOrEqual(before.batchGet + Math.floor((60 * 18 * 8) / 100));
    const o = await overview();
    expect(o.exams.some((e) => e.exam.examId.startsWith('EMPTY-'))).toBe(false);
  });

  it('R16: overviews asked at the same moment share one reading of the counters; one asked after it reads anew', async () => {
    const send = ddb.send.bind(ddb);
    let reads = 0;
    const spy = vi.spyOn(ddb, 'send').mockImplementation(((c: object, ...rest: []) => {
      // the counters' reads (the candidates table; the local worker's polling is on other tables)
      const items = (c as { input?: { RequestItems?: object } }).input?.RequestItems ?? {};
      if (c.constructor.name === 'BatchGetCommand' && tableName('candidates') in items) reads++;
      return send(c as never, ...rest);
    }) as typeof ddb.send);
    try {
      await overview();
      const one = reads;
      reads = 0;
      const [a, b, c] = await Promise.all([overview(), overview(), overview()]);
      expect(reads).toBe(one);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      reads = 0;
      await overview();
      expect(reads).toBe(one);
    } finally {
      spy.mockRestore();
    }
  });
});
