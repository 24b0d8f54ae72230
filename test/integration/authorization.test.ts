/**
 * The authorization matrix: each role × each endpoint that exists × own/other resource → allow or deny.
 * R1 (who verifies what) and R24 (hr reads everything) are enforced by the handlers through the domain
 * core; N4 keeps full ID numbers out of what candidates and lists see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAttributes } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import {
  DEMO_PASSWORD,
  demoBooking,
  demoCandidates,
  demoExams,
  demoForfeited,
} from '../../scripts/local/seed.js';
import { demoArrival } from '../../scripts/local/seed-arrival.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
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
  tokens.candidateA = await api.candidateToken(inZz);
  tokens.anonymous = undefined;
});
afterAll(async () => {
  await sys?.stop();
});

/** Storage attributes (pk, sk, gsi1pk, …, ttl) anywhere in a response body. */
function storageKeysIn(body: unknown, at = ''): string[] {
  if (Array.isArray(body)) return body.flatMap((v, i) => storageKeysIn(v, `${at}[${i}]`));
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([k, v]) => [
    ...(storageAttributes.has(k) ? [`${at}.${k}`] : []),
    ...storageKeysIn(v, `${at}.${k}`),
  ]);
}

type Role = 'hr.admin' | 'zjt.verifier' | 'zz.verifier' | 'xh.verifier' | 'candidateA' | 'anonymous';
const roles: Role[] = ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier', 'candidateA', 'anonymous'];

interface Row {
  endpoint: string;
  method?: 'PUT' | 'POST';
  path: () => string;
  /** a well-formed body: what is refused is refused by scope or by a rule, never by its shape */
  body?: () => unknown;
  expect: Record<Role, number>;
}

const electronicExam = () => (exams[1] as { id: string }).id;

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
    // well-formed, but the path's year differs from the data's: hr gets past authorization to the
    // act's own check (400) and nothing is written; everyone else is refused by scope (T3: hr only)
    endpoint: 'PUT /api/calendar/{year} (T3: hr only)',
    method: 'PUT',
    path: () => '/api/calendar/2031',
    body: () => ({ year: 2030, holidays: ['2030-01-01'], workdays: [], source: 'matrix' }),
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
    // R8 applies only to provincial joint exams: those allowed to set the schedule (R6: hr and the
    // provincial verifier) reach the rule's refusal (400); a municipal verifier may not set it at all
    endpoint: 'PUT /api/exams/{examId}/schedule (R6, R8: hr and the provincial verifier)',
    method: 'PUT',
    path: () => `/api/exams/${paper}/schedule`,
    body: () => ({ verificationDays: 20, reason: '授权矩阵测试' }),
    expect: {
      'hr.admin': 400,
      'zjt.verifier': 400,
      'zz.verifier': 403,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    // R13 follows R9: before the result announcement, those who may announce get the rule's 409;
    // hr supervises but does not announce (R24), a municipal verifier does not either (R9)
    endpoint: 'POST /api/exams/{examId}/events supplementaryAnnounced (R9, R13: provincial verifier)',
    method: 'POST',
    path: () => `/api/exams/${paper}/events`,
    body: () => ({ kind: 'supplementaryAnnounced' }),
    expect: {
      'hr.admin': 403,
      'zjt.verifier': 409,
      'zz.verifier': 403,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    endpoint:
      'POST /api/exams/{examId}/events supplementaryAnnounced, association exam (R1: the association)',
    method: 'POST',
    path: () => `/api/exams/${assocExam}/events`,
    body: () => ({ kind: 'supplementaryAnnounced' }),
    expect: {
      'hr.admin': 403,
      'zjt.verifier': 404,
      'zz.verifier': 404,
      'xh.verifier': 409,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    // R17: an electronic-only exam has no paper certificates to arrive in batches (409 for whoever sees it)
    endpoint: 'GET /api/exams/{examId}/certificate-batches, electronic exam (R16, N3, R17)',
    path: () => `/api/exams/${electronicExam()}/certificate-batches`,
    expect: {
      'hr.admin': 409,
      'zjt.verifier': 409,
      'zz.verifier': 409,
      'xh.verifier': 404,
      candidateA: 403,
      anonymous: 401,
    },
  },
  {
    // R1: hr administers exams; the dates do not hold (scores before the exam ended): hr reaches the
    // schedule check (400), nobody else may create an exam at all
    endpoint: 'POST /api/exams (R1: hr administers exams)',
    method: 'POST',
    path: () => '/api/exams',
    body: () => ({
      examType: 'JZS1',
      name: '授权矩阵测试考试',
      year: 2026,
      examEnd: '2026-09-10',
      scoreRelease: '2026-09-01',
    }),
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
    // the type names the sitting: hr is refused the change (400), everyone else the act (403)
    endpoint: 'PUT /api/exams/{examId} (R1: hr administers exams)',
    method: 'PUT',
    path: () => `/api/exams/${paper}`,
    body: () => {
      const e = exams[0] as { name: string; year: number; examEnd: string; scoreRelease: string };
      return {
        examType: 'JZS2',
        name: e.name,
        year: e.year,
        examEnd: e.examEnd,
        scoreRelease: e.scoreRelease,
      };
    },
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
              body: row.body?.() ?? {},
              ...(tokens[role] ? { token: tokens[role] } : {}),
            })
          : await api.get(row.path(), tokens[role]);
        expect(r.status).toBe(want);
        expect(storageKeysIn(r.body)).toEqual([]);
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
    // today's sittings, last year's with the forfeited demo candidate (R12), the paper exam (N3), and two
    // earlier paper sittings with certificates on site, in custody and on the transfer register (R19, R20)
    const { recent, old } = demoCollection(new Date());
    expect(await ids('hr.admin')).toEqual(
      [
        ...exams,
        demoForfeited(new Date()).exam,
        demoArrival(new Date()).exam,
        demoBooking(new Date()).exam,
        recent,
        old,
      ]
        .map((e) => e.id)
        .sort(),
    );
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
