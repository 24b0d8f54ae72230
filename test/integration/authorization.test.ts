/**
 * The authorization matrix: each role × each endpoint that exists × own/other resource → allow or deny.
 * R1 (who verifies what) and R24 (hr reads everything) are enforced by the handlers through the domain
 * core; N4 keeps full ID numbers out of what candidates and lists see.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string | undefined> = {};
let exams: ReturnType<typeof demoExams>;
let paper: string;
let assocExam: string;
/** candidates of the paper exam: one in Zhengzhou (4101), one elsewhere */
let inZz: Candidate;
let outsideZz: Candidate;
let assocCand: Candidate;

async function candidateToken(c: Candidate): Promise<string> {
  const s = await api.post('/api/auth/candidate/start', { idNumber: c.idNumber, name: c.name });
  expect(s.status).toBe(202);
  const msgs = ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).filter(
    (m) => m.personId === c.personId,
  );
  const code = /(\d{6})/.exec(String(msgs.at(-1)?.text))?.[1];
  const v = await api.post('/api/auth/candidate/verify', { idNumber: c.idNumber, code });
  expect(v.status).toBe(200);
  return v.body.token;
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  const now = new Date();
  exams = demoExams(now);
  paper = (exams[0] as { id: string }).id;
  assocExam = (exams[2] as { id: string }).id;
  const all = demoCandidates(now);
  inZz = all.find((c) => c.examId === paper && c.city === '4101') as Candidate;
  outsideZz = all.find((c) => c.examId === paper && c.city !== '4101') as Candidate;
  assocCand = all.find((c) => c.examId === assocExam) as Candidate;
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier']) {
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  }
  tokens.candidateA = await candidateToken(inZz);
  tokens.anonymous = undefined;
});
afterAll(async () => {
  await sys?.stop();
});

type Role = 'hr.admin' | 'zjt.verifier' | 'zz.verifier' | 'xh.verifier' | 'candidateA' | 'anonymous';
const roles: Role[] = ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier', 'candidateA', 'anonymous'];

interface Row {
  endpoint: string;
  method?: 'PUT';
  path: () => string;
  expect: Record<Role, number>;
}

const rows: Row[] = [
  {
    endpoint: 'GET /api/me',
    path: () => '/api/me',
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 200,
      candidateA: 200,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams',
    path: () => '/api/exams',
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 200,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId} (a construction exam)',
    path: () => `/api/exams/${paper}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId} (the association exam)',
    path: () => `/api/exams/${assocExam}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 404,
      'zz.verifier': 404,
      'xh.verifier': 200,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId}/candidates',
    path: () => `/api/exams/${paper}/candidates`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId}/candidates?city=another city',
    path: () => `/api/exams/${paper}/candidates?city=${outsideZz.city}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 403,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId}/candidates/{personId} (candidate A, Zhengzhou)',
    path: () => `/api/exams/${paper}/candidates/${inZz.personId}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 404,
      candidateA: 200,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId}/candidates/{personId} (another candidate, another city)',
    path: () => `/api/exams/${paper}/candidates/${outsideZz.personId}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 404,
      'xh.verifier': 404,
      candidateA: 404,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/exams/{examId}/candidates/{personId} (association exam candidate)',
    path: () => `/api/exams/${assocExam}/candidates/${assocCand.personId}`,
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 404,
      'zz.verifier': 404,
      'xh.verifier': 200,
      candidateA: 404,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/calendar',
    path: () => '/api/calendar',
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 200,
      'zz.verifier': 200,
      'xh.verifier': 200,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    // an empty body: hr gets past authorization to validation (400) and nothing is written
    endpoint: 'PUT /api/calendar/{year} (T3: hr only)',
    method: 'PUT',
    path: () => '/api/calendar/2031',
    expect: {
      'hr.admin': 400,
      'zjt.verifier': 403,
      'zz.verifier': 403,
      'xh.verifier': 403,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint: 'GET /api/outbox',
    path: () => '/api/outbox',
    expect: {
      'hr.admin': 200,
      'zjt.verifier': 403,
      'zz.verifier': 403,
      'xh.verifier': 403,
      candidateA: 403,
      anonymous: 401,
    },
  },
];

describe('authorization matrix', () => {
  for (const row of rows) {
    for (const role of roles) {
      const want = row.expect[role];
      it(`R1: ${role} → ${row.endpoint} → ${want}`, async () => {
        const r = row.method
          ? await api.call(row.method, row.path(), {
              body: {},
              ...(tokens[role] ? { token: tokens[role] } : {}),
            })
          : await api.get(row.path(), tokens[role]);
        expect(r.status).toBe(want);
        if (want >= 400) {
          expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
          expect(r.body.error.message.length).toBeGreaterThan(0);
        }
      });
    }
  }

  it('R1: a municipal verifier lists only candidates of its own city; the provincial verifier every city', async () => {
    const zz = await api.get(`/api/exams/${paper}/candidates?limit=200`, tokens['zz.verifier']);
    expect(zz.body.items.length).toBeGreaterThan(0);
    expect(new Set(zz.body.items.map((c: Candidate) => c.city))).toEqual(new Set(['4101']));
    const all: Candidate[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Candidate[]; nextCursor: string | null } } = await api.get(
        `/api/exams/${paper}/candidates?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        tokens['zjt.verifier'],
      );
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(120);
    expect(new Set(all.map((c) => c.personId)).size).toBe(120);
    expect(new Set(all.map((c) => c.city)).size).toBeGreaterThan(3);
  });

  it('R1: each department sees only the exams it verifies; hr sees all (R24)', async () => {
    const ids = async (u: Role) =>
      (await api.get('/api/exams', tokens[u])).body.items.map((e: { id: string }) => e.id).sort();
    expect(await ids('hr.admin')).toEqual(exams.map((e) => e.id).sort());
    expect(await ids('xh.verifier')).toEqual([assocExam]);
    expect(await ids('zz.verifier')).not.toContain(assocExam);
  });

  it("N4: lists and a candidate's own view carry masked ID numbers; only staff in scope see the full number", async () => {
    const list = await api.get(`/api/exams/${paper}/candidates?limit=200`, tokens['zjt.verifier']);
    expect(JSON.stringify(list.body)).not.toMatch(/\d{17}[\dX]/);
    const own = await api.get(`/api/exams/${paper}/candidates/${inZz.personId}`, tokens.candidateA);
    expect(own.body.idNumber).toBeUndefined();
    expect(own.body.idNumberMasked).toBe(`${inZz.idNumber.slice(0, 4)}**********${inZz.idNumber.slice(-4)}`);
    const staff = await api.get(`/api/exams/${paper}/candidates/${inZz.personId}`, tokens['zz.verifier']);
    expect(staff.body.idNumber).toBe(inZz.idNumber);
  });

  it('bad input gets a 400 in the one error shape naming the field', async () => {
    const r = await api.get(`/api/exams/${paper}/candidates?status=done`, tokens['zjt.verifier']);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.details.fields[0].field).toBe('query.status');
    const badCursor = await api.get(`/api/exams/${paper}/candidates?cursor=xyz`, tokens['zjt.verifier']);
    expect(badCursor.status).toBe(400);
    const forged = await api.get('/api/me', `${tokens['hr.admin']}x`);
    expect(forged.status).toBe(401);
  });
});
