/**
 * The work queue (issue 9 §1) through the local server on DynamoDB Local: every filter lists exactly the
 * demo candidates it should (computed from demoCandidates()), in order of next deadline, in full pages
 * that the cursor walks once; the counts equal the listed totals and follow a decision and an import;
 * a bad filter value is a 400 naming the field; a municipal verifier sees its city only (R1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { matchesFilter } from '../../functions/domain/spot-checks.js';
import { setClock } from '../../functions/lib/clock.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
const exam = (demoExams(new Date())[0] as { id: string }).id;
const demo: Candidate[] = demoCandidates(new Date()).filter((c) => c.examId === exam);

interface Row {
  personId: string;
  city: string;
  status: string;
  name: string;
  candidateNo: string;
  idNumberMasked: string;
  phase: string;
  deadline: { endsAt: string } | null;
  objectionCount: number;
  spotCheck: unknown;
}
type Counts = Record<'verifying' | 'qualified' | 'unqualified' | 'pending' | 'forfeited' | 'revoked', number>;
interface Reply {
  items: Row[];
  nextCursor: string | null;
  partial: boolean;
  counts: { byStatus: Counts; dueToday: number };
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterAll(async () => {
  setClock(null);
  await sys?.stop();
});

const queueUrl = (query: string, cursor?: string | null, limit = 7) =>
  `/api/exams/${exam}/candidates?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** Every page of a filtered queue: each page but the last full, the whole list once. */
async function walk(query: string, user = 'zjt.verifier', limit = 7) {
  const pages: Reply[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: Reply } = await api.get<Reply>(
      queueUrl(query, cursor, limit),
      tokens[user],
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    pages.push(r.body);
    cursor = r.body.nextCursor;
  } while (cursor && pages.length < 100);
  for (const p of pages.slice(0, -1)) expect(p.items).toHaveLength(limit);
  for (const p of pages) expect(p.partial).toBe(false);
  const items = pages.flatMap((p) => p.items);
  expect(new Set(items.map((i) => i.personId)).size).toBe(items.length);
  return { items, pages };
}

/** Next deadline first (none: last), then person id: the order the queue promises. */
const inQueueOrder = (items: Row[]) =>
  [...items].sort((a, b) => {
    const da = a.deadline?.endsAt ? Date.parse(a.deadline.endsAt) : Number.POSITIVE_INFINITY;
    const db = b.deadline?.endsAt ? Date.parse(b.deadline.endsAt) : Number.POSITIVE_INFINITY;
    return da - db || (a.personId < b.personId ? -1 : 1);
  });

const ids = (xs: { personId: string }[]) => xs.map((x) => x.personId).sort();

describe('the work queue', () => {
  const first = () => demo[0] as Candidate;
  const objected = (c: Candidate) => [demo[0], demo[5]].some((o) => o?.candidateNo === c.candidateNo);
  const cases: [string, string, (c: Candidate) => boolean][] = [
    ['no filter', '', () => true],
    ['status', 'status=verifying', (c) => c.status === 'verifying'],
    ['status none', 'status=qualified', (c) => c.status === 'qualified'],
    ['phase', 'phase=verification', (c) => c.status === 'verifying'],
    ['phase none', 'phase=booking', () => false],
    [
      'check education:failed',
      'check=education:failed',
      (c) => matchesFilter(c, { check: 'education:failed' }),
    ],
    ['check any:manual', 'check=any:manual', (c) => matchesFilter(c, { check: 'any:manual' })],
    [
      'city and check',
      'city=4101&check=workYears:failed',
      (c) => c.city === '4101' && c.commitment?.workYears === 'failed',
    ],
    // the seed's two objections: the first candidate (Zhengzhou) and the sixth (Xinxiang)
    ['objections', 'objections=1', (c) => objected(c)],
    ['no objections', 'objections=0', (c) => !objected(c)],
    ['q: family name', `q=${encodeURIComponent('王')}`, (c) => c.name.includes('王')],
    [
      'q: ID tail (4)',
      `q=${first().idNumber.slice(-4)}`,
      (c) => c.idNumber.endsWith(first().idNumber.slice(-4)),
    ],
    [
      'q: ID tail (6)',
      `q=${first().idNumber.slice(-6)}`,
      (c) => c.idNumber.endsWith(first().idNumber.slice(-6)),
    ],
    [
      'q: candidate number',
      `q=${first().candidateNo?.toLowerCase()}`,
      (c) => c.candidateNo === first().candidateNo,
    ],
  ];
  for (const [title, query, want] of cases) {
    it(`R1, N2: filter ${title} lists exactly the matching candidates, by next deadline, in full pages walked once`, async () => {
      const { items } = await walk(query);
      const expected = demo.filter(want);
      expect(ids(items)).toEqual(ids(expected));
      expect(items.map((i) => i.personId)).toEqual(inQueueOrder(items).map((i) => i.personId));
      // N4: a list carries masked ID numbers only
      expect(JSON.stringify(items)).not.toMatch(/\d{17}[\dX]/);
    });
  }

  it('N2: a single page of 200 holds every match at once (the server fills it across cities)', async () => {
    const r = await api.get<Reply>(queueUrl('check=any:manual', null, 200), tokens['zjt.verifier']);
    expect(r.body.items).toHaveLength(demo.filter((c) => matchesFilter(c, { check: 'any:manual' })).length);
    expect(r.body.nextCursor).toBeNull();
  });

  it('R1: a municipal verifier lists and counts only its city; another city is refused', async () => {
    const { items, pages } = await walk('status=verifying', 'zz.verifier');
    const mine = demo.filter((c) => c.city === '4101');
    expect(ids(items)).toEqual(ids(mine));
    expect(pages[0]?.counts.byStatus.verifying).toBe(mine.length);
    const other = await api.get(queueUrl('city=4103'), tokens['zz.verifier']);
    expect(other.status).toBe(403);
  });

  it('R7: counts equal the listed totals and follow a decision; the decided candidate moves behind those still due', async () => {
    const before = await walk('status=verifying');
    const counts0 = before.pages[0]?.counts.byStatus as Counts;
    expect(counts0.verifying).toBe(before.items.length);
    expect(counts0.verifying).toBe(demo.length);
    expect(counts0.qualified).toBe(0);
    const target = demo.find((c) => c.city === '4101') as Candidate;
    const d = await api.post(
      `/api/exams/${exam}/candidates/${target.personId}/decision`,
      { outcome: 'qualified' },
      tokens['zz.verifier'],
    );
    expect(d.status).toBe(200);
    const after = await walk('');
    const counts1 = after.pages[0]?.counts.byStatus as Counts;
    expect(counts1.verifying).toBe(counts0.verifying - 1);
    expect(counts1.qualified).toBe(1);
    expect((await walk('status=verifying')).items).toHaveLength(counts1.verifying);
    expect(ids((await walk('status=qualified')).items)).toEqual([target.personId]);
    // sorted by next deadline: the decided candidate (waiting for the announcement, no deadline) comes last
    expect(after.items.at(-1)?.personId).toBe(target.personId);
    expect(after.items.at(-1)?.deadline).toBeNull();
    const zz = await api.get<Reply>(queueUrl(''), tokens['zz.verifier']);
    expect(zz.body.counts.byStatus.qualified).toBe(1);
    expect(zz.body.counts.byStatus.verifying).toBe(demo.filter((c) => c.city === '4101').length - 1);
    // the same decision again is one change: the counters do not move
    await api.post(
      `/api/exams/${exam}/candidates/${target.personId}/decision`,
      { outcome: 'qualified' },
      tokens['zz.verifier'],
    );
    const again = await api.get<Reply>(queueUrl(''), tokens['zjt.verifier']);
    expect(again.body.counts.byStatus).toEqual(counts1);
  });

  it('R5: an import adds its new candidates to the counters and the queue', async () => {
    const before = (await api.get<Reply>(queueUrl(''), tokens['zjt.verifier'])).body.counts.byStatus;
    const rows = [0, 1, 2].map((i) =>
      [
        `Q${900000 + i}`,
        `队列${'甲乙丙'[i]}`,
        syntheticIdNumber('410302', `1980-01-0${i + 1}`, 70 + i),
        `1370000${String(9000 + i)}`,
        '洛阳市',
        '某某建设有限公司',
        '通过',
        '未通过',
        '通过',
        '80',
      ].join(','),
    );
    const body = `准考证号,姓名,身份证号,手机号,地市,工作单位,学历核验,专业核验,工作年限核验,科目一\r\n${rows.join('\r\n')}\r\n`;
    const res = await fetch(`${sys.url}/api/exams/${exam}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['hr.admin']}`, 'content-type': 'text/csv; charset=utf-8' },
      body,
    });
    expect(res.status).toBe(202);
    await sys.jobs.idle();
    const after = await api.get<Reply>(queueUrl(''), tokens['zjt.verifier']);
    expect(after.body.counts.byStatus.verifying).toBe(before.verifying + 3);
    const { items } = await walk(`q=${encodeURIComponent('队列')}`);
    expect(items.map((i) => i.candidateNo).sort()).toEqual(['Q900000', 'Q900001', 'Q900002']);
    expect(new Set(items.map((i) => i.phase))).toEqual(new Set(['verification']));
    const listed = await walk('status=verifying');
    expect(listed.items).toHaveLength(after.body.counts.byStatus.verifying);
  });

  it('R23: spot=1 lists exactly the candidates a draw marked', async () => {
    const r = await api.post(
      `/api/exams/${exam}/spot-checks`,
      { size: 4, seed: 'queue-seed', filter: { city: '4101' } },
      tokens['zjt.verifier'],
    );
    expect(r.status).toBe(202);
    await sys.jobs.idle();
    const d = await api.get(`/api/exams/${exam}/spot-checks/${r.body.drawId}`, tokens['zjt.verifier']);
    const sample = (d.body.sample as { personId: string }[]).map((s) => s.personId).sort();
    expect(sample).toHaveLength(4);
    const { items } = await walk('spot=1');
    expect(ids(items)).toEqual(sample);
    expect(items.every((i) => i.spotCheck !== null)).toBe(true);
    const zz = await walk('spot=1&status=verifying', 'zz.verifier', 2);
    expect(zz.items.every((i) => i.city === '4101' && i.status === 'verifying')).toBe(true);
  });

  it('T4: due=today lists and counts the candidates whose next deadline is today (24:00 China time)', async () => {
    const now = await api.get<Reply>(queueUrl('due=today'), tokens['zjt.verifier']);
    expect(now.body.items).toEqual([]);
    expect(now.body.counts.dueToday).toBe(0);
    const all = await walk('status=verifying');
    const due = all.items[0]?.deadline?.endsAt as string;
    // the R7 deadline's last day, two hours before it ends
    setClock({ now: () => new Date(Date.parse(due) - 2 * 3_600_000) });
    try {
      const today = await walk('due=today');
      expect(ids(today.items)).toEqual(ids(all.items));
      expect(today.pages[0]?.counts.dueToday).toBe(all.items.length);
      const zz = await walk('due=today', 'zz.verifier');
      expect(zz.pages[0]?.counts.dueToday).toBe(all.items.filter((i) => i.city === '4101').length);
    } finally {
      setClock(null);
    }
  });

  it('bad filter values get a 400 in the one error shape naming the field', async () => {
    const bad: [string, string][] = [
      ['check=education:wrong', 'query.check'],
      ['check=height:failed', 'query.check'],
      ['phase=later', 'query.phase'],
      ['status=done', 'query.status'],
      ['due=tomorrow', 'query.due'],
      ['spot=yes', 'query.spot'],
      ['objections=2', 'query.objections'],
      [`q=${encodeURIComponent('<script>')}`, 'query.q'],
      ['city=9999', 'query.city'],
    ];
    for (const [query, field] of bad) {
      const r = await api.get(queueUrl(query), tokens['zjt.verifier']);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.details.fields[0].field, query).toBe(field);
    }
    // a cursor belongs to its query: with another filter it is refused
    const p = await api.get<Reply>(queueUrl('status=verifying'), tokens['zjt.verifier']);
    const foreign = await api.get(queueUrl('check=any:manual', p.body.nextCursor), tokens['zjt.verifier']);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.fields[0].field).toBe('query.cursor');
  });
});
