/**
 * Issue 14 §4: the route authorization matrix (test/support/access-matrix.ts) run against the local
 * server — every route of functions/routes.ts, each caller (none, hr, provincial, municipal, association,
 * candidate) on its own resource and another's — with 0 escapes: nothing refused by the matrix is
 * allowed, and nothing it allows is refused. R1, R24 (scope), N1 (revocation parties), N4 (candidates
 * see only themselves).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { seedYears } from '../../functions/domain/holidays.js';
import { z } from '../../functions/domain/zod.js';
import { api, type RouteSpec } from '../../functions/routes.js';
import { harvestTables } from '../../scripts/fuzz/run.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import {
  DEMO_PASSWORD,
  demoCandidates,
  demoExams,
  demoIssued,
  demoRevocationCandidate,
} from '../../scripts/local/seed.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
import {
  type Caller,
  callers,
  type MatrixContext,
  type MatrixRow,
  matrix,
  type ResourceKind,
  type Whose,
} from '../support/access-matrix.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api0: ReturnType<typeof client>;
const tokens: Partial<Record<Caller | 'holder', string>> = {};
let ctx: MatrixContext;

const staffLogin: Record<Exclude<Caller, 'none' | 'candidate'>, string> = {
  hr: 'hr.admin',
  provincial: 'zjt.verifier',
  municipal: 'zz.verifier',
  association: 'xh.verifier',
};

beforeAll(async () => {
  sys = await startTestSystem();
  api0 = client(sys.url);
  const now = new Date();
  const exams = demoExams(now);
  const paper = (exams[0] as { id: string }).id;
  const assoc = (exams[2] as { id: string }).id;
  const all = demoCandidates(now);
  const inZz = all.find((c) => c.examId === paper && c.city === '4101') as Candidate;
  const outsideZz = all.find((c) => c.examId === paper && c.city !== '4101') as Candidate;
  const assocCand = all.find((c) => c.examId === assoc) as Candidate;
  const holder = demoIssued(now).valid;
  for (const [role, u] of Object.entries(staffLogin))
    tokens[role as Caller] = await api0.staffToken(u, DEMO_PASSWORD);
  tokens.candidate = await api0.candidateToken(inZz);
  tokens.holder = await api0.candidateToken(holder);
  const as = (who: Caller) => tokens[who] as string;

  // resources of each department, made as they are made in the console
  const ids = <T = any>(r: { status: number; body: T }, what: string): T => {
    if (r.status >= 300) throw new Error(`setup ${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const drawP = ids(
    await api0.post(`/api/exams/${paper}/spot-checks`, { size: 1 }, as('provincial')),
    'draw',
  );
  const drawA = ids(
    await api0.post(`/api/exams/${assoc}/spot-checks`, { size: 1 }, as('association')),
    'draw',
  );
  const csv = (await import('node:fs')).readFileSync('docs/samples/passing-list.csv', 'utf8');
  const importOf = async (examId: string) => {
    const r = await fetch(`${sys.url}/api/exams/${examId}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as('hr')}`, 'content-type': 'text/csv' },
      body: csv,
    });
    return ids({ status: r.status, body: await r.json() }, 'import');
  };
  const impP = await importOf(paper);
  const impA = await importOf(assoc);
  const bulk = async (examId: string, who: Caller) =>
    ids(
      await api0.post(
        `/api/exams/${examId}/bulk-decisions`,
        { outcome: 'qualified', candidateNos: ['NOSUCH0001'] },
        as(who),
      ),
      'bulk',
    );
  const bulkP = await bulk(paper, 'provincial');
  const bulkM = await bulk(paper, 'municipal');
  const bulkA = await bulk(assoc, 'association');
  const report = async (examId: string, who: Caller) =>
    ids(await api0.post(`/api/exams/${examId}/reports/round1`, { confirm: true }, as(who)), 'report');
  const repP = await report(paper, 'provincial');
  const repA = await report(assoc, 'association');
  // R20: custody of the demo's sitting of over five years ago has ended: its transfer register
  const oldSitting = demoCollection(now).old.id;
  const transfer = ids(
    await api0.post(`/api/exams/${oldSitting}/reports/transfer`, { confirm: true }, as('provincial')),
    'transfer register',
  );
  await sys.jobs.idle();
  const openCase = async (c: Candidate, who: Caller) =>
    ids(
      await api0.post(
        `/api/exams/${c.examId}/candidates/${c.personId}/revocations`,
        { facts: '矩阵', ground: 'R14' },
        as(who),
      ),
      'case',
    ).caseId as string;
  const caseP = await openCase(inZz, 'provincial');
  const caseH = await openCase(outsideZz, 'hr');
  const caseA = await openCase(assocCand, 'association');
  const h = await harvestTables();
  const seededCase = [...(h.byKey.get('caseId') ?? [])].find((c) =>
    c.includes(demoRevocationCandidate(now).personId),
  ) as string;
  ids(
    await api0.post(
      '/api/staff',
      { username: 'matrix.target', deptId: 'jzxh', password: 'Matrix-Test-2026!' },
      as('hr'),
    ),
    'staff',
  );
  const notice = ids(await api0.get(`/api/exams/${paper}/notice`, as('hr')), 'notice');
  const holderView = ids(
    await api0.get(`/api/exams/${holder.examId}/candidates/${holder.personId}`, as('hr')),
    'holder',
  );
  const certificateNumber = JSON.stringify(holderView).match(
    /"(?:number|certificateNumber)":"([A-Z0-9-]+)"/,
  )?.[1] as string;
  const year = Number(now.toISOString().slice(0, 4));
  const cal = seedYears.find((y) => y.year === year) ?? seedYears.at(-1);
  const e0 = exams[0] as {
    examType: string;
    name: string;
    year: number;
    examEnd: string;
    scoreRelease: string;
  };

  const inScope = (who: Caller, whose: Whose): Candidate => {
    if (whose === 'own') return who === 'association' ? assocCand : inZz;
    return (
      ({ provincial: assocCand, municipal: outsideZz, association: inZz, candidate: outsideZz } as const)[
        who as 'provincial'
      ] ?? assocCand
    );
  };
  const byDept =
    <T>(own: Partial<Record<Caller, T>>, other: Partial<Record<Caller, T>>, dflt: [T, T]) =>
    (who: Caller, whose: Whose): T =>
      whose === 'own' ? (own[who] ?? dflt[0]) : (other[who] ?? dflt[1]);
  const resources: Record<ResourceKind, (who: Caller, whose: Whose) => string> = {
    job: byDept({ association: drawA.jobId }, { association: drawP.jobId }, [drawP.jobId, drawA.jobId]),
    draw: byDept({ association: drawA.drawId }, { association: drawP.drawId }, [drawP.drawId, drawA.drawId]),
    import: byDept({ association: impA.importId }, { association: impP.importId }, [
      impP.importId,
      impA.importId,
    ]),
    bulk: byDept({ municipal: bulkM.bulkId, association: bulkA.bulkId }, { association: bulkP.bulkId }, [
      bulkP.bulkId,
      bulkA.bulkId,
    ]),
    report: byDept({ association: repA.reportId }, { association: repP.reportId }, [
      repP.reportId,
      repA.reportId,
    ]),
    case: byDept(
      { hr: caseH, association: caseA },
      { municipal: seededCase, association: caseP, candidate: seededCase, hr: caseA },
      [caseP, caseA],
    ),
    objection: () => 'abcdefghij012345678',
    username: () => 'matrix.target',
  };
  ctx = {
    exam: (who, whose) =>
      whose === 'own' ? (who === 'association' ? assoc : paper) : who === 'association' ? paper : assoc,
    cand: (who, whose) => {
      const c = inScope(who, whose);
      return { examId: c.examId, personId: c.personId };
    },
    res: (kind, who, whose) => resources[kind](who, whose),
    seed: {
      noticeId: notice.noticeId,
      noticeCandidateNo: inZz.candidateNo ?? '',
      certificateNumber,
      certificateHolder: { examId: holder.examId, personId: holder.personId, name: holder.name },
      candidateLogin: { idNumber: inZz.idNumber, name: inZz.name },
      year: cal?.year ?? year,
      calendar: { ...cal, confirmIncomplete: true },
      examInput: {
        examType: e0.examType,
        name: e0.name,
        year: e0.year,
        examEnd: e0.examEnd,
        scoreRelease: e0.scoreRelease,
      },
      transferRegister: { examId: oldSitting, reportId: transfer.reportId },
    },
  };
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

const routeOf = (name: string) => (api as Record<string, RouteSpec>)[name] as RouteSpec;

function cellsOf(row: MatrixRow): Record<Caller, [string, string]> {
  const pairs = row.cells.split(' ');
  return Object.fromEntries(
    callers.map((c, i) => [c, [...(pairs[i] as string)] as [string, string]]),
  ) as Record<Caller, [string, string]>;
}

describe('the route authorization matrix', () => {
  it('every route of functions/routes.ts has a row, each row six pairs of Y, . or n', () => {
    const missing = Object.keys(api).filter((k) => !(k in matrix));
    expect(missing).toEqual([]);
    const extra = Object.keys(matrix).filter((k) => !(k in api));
    expect(extra).toEqual([]);
    for (const [k, row] of Object.entries(matrix)) expect(row.cells, k).toMatch(/^([Y.n]{2} ){5}[Y.n]{2}$/);
  });

  it("each row's body passes its route's schema, so a refusal is about the caller, never the shape", () => {
    const bad: string[] = [];
    for (const [k, row] of Object.entries(matrix) as [string, MatrixRow][]) {
      const r = routeOf(k);
      const schema = r.input.body ?? r.input.raw?.fields;
      for (const who of callers)
        for (const whose of ['own', 'other'] as const) {
          const body = row.body
            ? row.body(ctx, who, whose)
            : row.raw?.type === 'application/json'
              ? JSON.parse(row.raw.body(ctx))
              : undefined;
          if (schema && body !== undefined && !z.safeParse(schema, body).success)
            bad.push(`${k} ${who} ${whose}`);
          if (r.input.body && body === undefined && r.method !== 'GET') bad.push(`${k}: no body`);
        }
    }
    expect(bad).toEqual([]);
  });

  it('R1, R24, N1, N4: every caller on its own and another resource of every route — 0 escapes', async () => {
    const wrong: string[] = [];
    let escapes = 0;
    let cells = 0;
    for (const [k, row] of Object.entries(matrix) as [string, MatrixRow][]) {
      const r = routeOf(k);
      const expected = cellsOf(row);
      for (const who of callers) {
        const token =
          who === 'candidate' && row.holder ? tokens.holder : who === 'none' ? undefined : tokens[who];
        for (const [i, whose] of (['own', 'other'] as const).entries()) {
          const path = row.path(ctx, who, whose);
          const body = row.raw ? row.raw.body(ctx) : row.body?.(ctx, who, whose);
          const res = await fetch(`${sys.url}${path}`, {
            method: r.method,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(body !== undefined ? { 'content-type': row.raw?.type ?? 'application/json' } : {}),
            },
            ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
          });
          const status = res.status;
          const said = (await res.text()).slice(0, 120);
          cells++;
          const refused = status === 401 || status === 403 || status === 404;
          const want = expected[who][i] as string;
          if (status >= 500) wrong.push(`${k} ${who}/${whose}: ${status}`);
          else if (want === 'Y' && refused)
            wrong.push(`${k} ${who}/${whose}: refused (${status} ${said}), the matrix allows it`);
          else if (want !== 'Y' && !refused) {
            escapes++;
            wrong.push(`${k} ${who}/${whose}: ESCAPE (${status} ${said}), the matrix refuses it`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(escapes).toBe(0);
    expect(cells).toBe(Object.keys(api).length * callers.length * 2);
  }, 240_000);
});
