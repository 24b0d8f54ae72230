/**
 * Random spot checks (R23, R24) through the local server against DynamoDB Local: the provincial verifier
 * draws from a filter with a seed; the job draws exactly the lowest ranks of the candidates the filter
 * takes and marks them; the same seed and filter draw the same sample; only the provincial verifier
 * draws, and a city's verifier sees only its own city's part of a sample.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { matchesFilter, spotRank } from '../../functions/domain/spot-checks.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  exam = (demoExams(new Date())[0] as { id: string }).id;
});
afterAll(async () => {
  await sys?.stop();
});

const path = () => `/api/exams/${exam}/spot-checks`;

async function draw(body: unknown, token = tokens['zjt.verifier']) {
  const r = await api.post(path(), body, token);
  expect(r.status).toBe(202);
  await sys.jobs.idle();
  const d = await api.get(`${path()}/${r.body.drawId}`, token);
  expect(d.status).toBe(200);
  return d.body;
}

describe('spot checks', () => {
  it('R23: a draw takes exactly the lowest ranks (seed, person) of the candidates its filter takes, and marks them', async () => {
    const filter = { check: 'any:manual' };
    const d = await draw({ size: 8, seed: 'demo-seed-1', filter, reason: '随机抽查' });
    expect(d).toMatchObject({ status: 'done', seed: 'demo-seed-1', size: 8, filter, drawn: 8 });
    expect(d.by.deptName).toBe('河南省住房和城乡建设厅');
    const pool = demoCandidates(new Date()).filter((c) => c.examId === exam && matchesFilter(c, filter));
    const want = pool
      .map((c) => ({ personId: c.personId, rank: spotRank('demo-seed-1', c.personId) }))
      .sort((a, b) => a.rank - b.rank)
      .slice(0, 8)
      .map((r) => r.personId);
    expect(d.sample.map((s: { personId: string }) => s.personId)).toEqual(want);
    expect(d.considered).toBe(pool.length);
    // only what tells them apart: masked ID numbers (N4)
    for (const s of d.sample) expect(s.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const marked = await ddb.send(
      new GetCommand({ TableName: tableName('candidates'), Key: keys.candidate(want[0] as string, exam) }),
    );
    expect(marked.Item?.spotCheck).toMatchObject({ drawId: d.drawId, deptName: '河南省住房和城乡建设厅' });
  });

  it('R23: the same seed and filter draw the same sample; another seed another', async () => {
    const a = await draw({ size: 5, seed: 'same-seed', filter: { city: '4101' } });
    const b = await draw({ size: 5, seed: 'same-seed', filter: { city: '4101' } });
    const c = await draw({ size: 5, seed: 'other-seed', filter: { city: '4101' } });
    const ids = (x: { sample: { personId: string }[] }) => x.sample.map((s) => s.personId);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(c)).not.toEqual(ids(a));
    expect(a.sample.every((s: { city: string }) => s.city === '4101')).toBe(true);
    // without a seed, one is made and recorded
    const r = await api.post(path(), { size: 2 }, tokens['zjt.verifier']);
    expect(r.body.seed).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const list = await api.get(path(), tokens['hr.admin']);
    expect(list.body.items.length).toBeGreaterThanOrEqual(4);
  });

  it('R24: only the provincial verifier draws (hr and a city verifier: 403, nothing written); bad input 400 naming the field', async () => {
    const before = (await api.get(path(), tokens['hr.admin'])).body.items.length;
    for (const who of ['hr.admin', 'zz.verifier']) {
      const r = await api.post(path(), { size: 3 }, tokens[who]);
      expect([who, r.status]).toEqual([who, 403]);
    }
    const bad = await api.post(path(), { size: 3, filter: { check: 'any:maybe' } }, tokens['zjt.verifier']);
    expect([bad.status, bad.body.error.details.fields[0].field]).toEqual([400, 'filter.check']);
    expect((await api.get(path(), tokens['hr.admin'])).body.items.length).toBe(before);
  });

  it('R1: a city verifier sees only its own city in a sample drawn across the province', async () => {
    const d = await draw({ size: 40, seed: 'province-wide' });
    expect(new Set(d.sample.map((s: { city: string }) => s.city)).size).toBeGreaterThan(1);
    const zz = await api.get(`${path()}/${d.drawId}`, tokens['zz.verifier']);
    expect(zz.status).toBe(200);
    expect(zz.body.sample.length).toBeGreaterThan(0);
    expect(zz.body.sample.every((s: { city: string }) => s.city === '4101')).toBe(true);
  });
});
