/**
 * The supplementary round's end through the local server on DynamoDB Local (the demo's 二级建造师 exam,
 * six pending candidates): an earlier cut-off for submissions set by hr with its reason (R12), the
 * supplementary report to hr with its counts and list as CSV and XLSX, made on request and by the
 * schedule once supplementaryDue has passed (R11, R13), and the supplementary result announcement on the
 * public site, masked (R13, N4).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidate } from '../../functions/acts/candidate-change.js';
import { reportDueExams } from '../../functions/acts/reports.js';
import { keys } from '../../functions/data/tables.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, resultsTold, startTestSystem } from '../support/local.js';
import { uploadedPdf } from '../support/materials.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
const people = demoCandidates(new Date()).filter((c) => c.examType === 'JZS2');
const pending = people.filter((c) => c.status === 'pending');
type Demo = (typeof pending)[number];
const at = (i: number) => pending[i] as Demo;
const examInfo = demoExams(new Date()).find((e) => e.examType === 'JZS2') as ReturnType<
  typeof demoExams
>[number];
const exam = examInfo.id;
const DAY = 86_400_000;
const cutoffDate = todayInChina(new Date(Date.now() + 5 * DAY));
const REASON = '配合电子证书集中制作';

let n = 40;
const signIn = (c: Demo) => client(sys.url, { from: `127.0.1.${n++}` }).candidateToken(c);

async function submitted(c: Demo) {
  const token = await signIn(c);
  const id = await uploadedPdf(sys.url, api, exam, token, '证明.pdf');
  return { token, submit: () => api.post(`/api/exams/${exam}/supplementary`, { materialIds: [id] }, token) };
}

const version = async (c: Demo) =>
  (
    await ddb.send(
      new GetCommand({
        TableName: tableName('candidates'),
        Key: keys.candidate(c.personId, c.examId),
        ConsistentRead: true,
      }),
    )
  ).Item?.version as number;

async function fileOf(path: string) {
  const r = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${tokens['hr.admin']}` } });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
}

const examInput = (extra: Record<string, unknown>) => ({
  examType: examInfo.examType,
  name: examInfo.name,
  year: examInfo.year,
  examEnd: examInfo.examEnd,
  scoreRelease: examInfo.scoreRelease,
  ...extra,
});

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  // R10: the pending are called by the result announcement
  await resultsTold(
    api,
    exam,
    tokens['zjt.verifier'] as string,
    pending.map((c) => c.personId),
  );
});
afterEach(() => setClock(null));
afterAll(async () => {
  await sys?.stop();
});

describe('the supplementary round’s end', () => {
  it('R12, R11: hr sets an earlier cut-off with its reason (not after supplementaryDue); a submission after it is refused quoting both, nothing written', async () => {
    const due = (await loadCandidate(exam, at(0).personId)).deadlines.dates.supplementaryDue as string;
    const late = await api.call('PUT', `/api/exams/${exam}`, {
      token: tokens['hr.admin'],
      body: examInput({
        supplementaryCutoff: { date: `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`, reason: REASON },
      }),
    });
    expect(late.status).toBe(400);
    expect(late.body.error.details.fields[0].field).toBe('supplementaryCutoff.date');
    const noReason = await api.call('PUT', `/api/exams/${exam}`, {
      token: tokens['hr.admin'],
      body: examInput({ supplementaryCutoff: { date: cutoffDate } }),
    });
    expect([noReason.status, noReason.body.error.details.fields[0].field]).toEqual([
      400,
      'supplementaryCutoff.reason',
    ]);
    expect(
      (await api.get(`/api/exams/${exam}`, tokens['hr.admin'])).body.supplementaryCutoff,
    ).toBeUndefined();
    const set = await api.call('PUT', `/api/exams/${exam}`, {
      token: tokens['hr.admin'],
      body: examInput({ supplementaryCutoff: { date: cutoffDate, reason: REASON } }),
    });
    expect(set.status).toBe(200);
    // the waiting candidates' deadline moved: they re-plan
    expect(set.body.replanJobId).toEqual(expect.any(String));
    expect(set.body.supplementaryCutoff).toEqual({ date: cutoffDate, reason: REASON });
    const d = (await loadCandidate(exam, at(2).personId)).deadlines;
    expect(d.supplementaryCutoff).toMatchObject({ date: cutoffDate, reason: REASON });
    // in time: taken; after the cut-off: 409 with the cut-off and its reason, nothing written
    expect((await (await submitted(at(0))).submit()).status).toBe(201);
    expect((await (await submitted(at(1))).submit()).status).toBe(201);
    const third = await submitted(at(2));
    const before = await version(at(2));
    setClock({ now: () => new Date(Date.parse(d.supplementaryCutoff?.endsAt as string) + 1000) });
    const r = await third.submit();
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.message).toContain(REASON);
    expect(r.body.error.details).toMatchObject({
      deadline: d.supplementaryCutoff?.endsAt,
      reason: REASON,
      rule: 'R12',
    });
    expect(await version(at(2))).toBe(before);
    setClock(null);
    // taken back (both fields left empty): the deadline is supplementaryDue again
    const cleared = await api.call('PUT', `/api/exams/${exam}`, {
      token: tokens['hr.admin'],
      body: examInput({}),
    });
    expect(cleared.status).toBe(200);
    expect(
      (await api.get(`/api/exams/${exam}`, tokens['hr.admin'])).body.supplementaryCutoff,
    ).toBeUndefined();
    expect((await loadCandidate(exam, at(2).personId)).deadlines.supplementaryCutoff).toBeUndefined();
  });

  it('R13, R11: the supplementary report counts pending at the start, took part, qualified, unqualified, forfeited and decided overdue by city; its list as CSV and XLSX', async () => {
    const decide = (c: Demo, body: unknown) =>
      api.post(`/api/exams/${exam}/candidates/${c.personId}/decision`, body, tokens['zjt.verifier']);
    expect((await decide(at(0), { outcome: 'qualified' })).status).toBe(200);
    const due = (await loadCandidate(exam, at(1).personId)).deadlines.supplementaryDue;
    setClock({ now: () => new Date(Date.parse(due) + 60_000) });
    const overdue = await decide(at(1), { outcome: 'unqualified', reasonCode: 'workYears' });
    expect(overdue.body.decision).toMatchObject({ round: 'supplementary', overdue: true });
    setClock(null);
    // R12: one who did not take part in time (the lifecycle forfeits them at the deadline)
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('candidates'),
        Key: keys.candidate(at(3).personId, exam),
        UpdateExpression: 'SET #s = :f',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':f': 'forfeited' },
      }),
    );
    expect(
      (await api.post(`/api/exams/${exam}/reports/supplementary`, { confirm: true }, tokens['zz.verifier']))
        .status,
    ).toBe(403);
    const made = await api.post(
      `/api/exams/${exam}/reports/supplementary`,
      { confirm: true },
      tokens['zjt.verifier'],
    );
    expect(made.status).toBe(202);
    await sys.jobs.idle();
    const report = await api.get(`/api/exams/${exam}/reports/${made.body.reportId}`, tokens['hr.admin']);
    expect(report.body).toMatchObject({ kind: 'supplementary', status: 'done', due });
    expect(report.body.counts.total).toEqual({
      city: '',
      cityName: '合计',
      pendingAtStart: 6,
      tookPart: 2,
      qualified: 1,
      unqualified: 1,
      forfeited: 1,
      overdue: 1,
      total: 6,
    });
    const cities = new Set(pending.map((c) => c.city));
    expect(report.body.counts.rows.map((r: { city: string }) => r.city).sort()).toEqual([...cities].sort());
    const csv = await fileOf(`/api/exams/${exam}/reports/${made.body.reportId}/supplementary.csv`);
    expect(csv.status).toBe(200);
    const text = csv.bytes.toString('utf8');
    expect(
      text.startsWith(
        '\uFEFF准考证号,姓名,身份证号,地市,补充核查结果,不合格原因,参加时间,作出结论时间,逾期作出结论',
      ),
    ).toBe(true);
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(7);
    for (const c of people) expect(text).not.toContain(c.idNumber);
    expect(lines.find((l) => l.startsWith(`${at(1).candidateNo},`))).toMatch(
      /,不合格,工作年限不足,.+,.+,是$/,
    );
    expect(lines.find((l) => l.startsWith(`${at(0).candidateNo},`))).toMatch(/,合格,,.+,.+,$/);
    expect(lines.find((l) => l.startsWith(`${at(3).candidateNo},`))).toContain(',视为放弃考试资格,');
    expect(lines.find((l) => l.startsWith(`${at(4).candidateNo},`))).toContain(',未参加,');
    const xlsx = await fileOf(`/api/exams/${exam}/reports/${made.body.reportId}/supplementary.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.name).toBe('补充资格核查结果');
    expect(book.worksheets[0]?.rowCount).toBe(7);
    // a round-1 file name on a supplementary report: not there
    expect((await fileOf(`/api/exams/${exam}/reports/${made.body.reportId}/round1.csv`)).status).toBe(404);
  });

  it('R13: once supplementaryDue has passed the schedule makes the supplementary report by itself, once', async () => {
    const due = (await loadCandidate(exam, at(0).personId)).deadlines.supplementaryDue;
    setClock({ now: () => new Date(Date.parse(due) + DAY) });
    await reportDueExams();
    await reportDueExams();
    await sys.jobs.idle();
    setClock(null);
    const items = (await api.get(`/api/exams/${exam}/reports`, tokens['hr.admin'])).body.items as {
      reportId: string;
      kind: string;
      status: string;
      by: { schedule?: true };
      counts: { total: Record<string, number> };
    }[];
    const auto = items.filter((r) => r.kind === 'supplementary' && r.by.schedule);
    expect(auto.map((r) => [r.reportId, r.status])).toEqual([
      [`supplementary-${exam.toLowerCase()}`, 'done'],
    ]);
    expect(auto[0]?.counts.total).toMatchObject({ pendingAtStart: 6, qualified: 1, overdue: 1 });
  });

  it('R13, N4: the supplementary result announcement lists only those decided in the supplementary round, masked, linked from the announcements', async () => {
    const zjt = tokens['zjt.verifier'] as string;
    // R9 first, then R13
    expect((await api.post(`/api/exams/${exam}/events`, { kind: 'resultsAnnounced' }, zjt)).status).toBe(202);
    expect(
      (await api.post(`/api/exams/${exam}/events`, { kind: 'supplementaryAnnounced' }, zjt)).status,
    ).toBe(202);
    await sys.jobs.idle();
    const get = (path: string) => fetch(`${sys.url}${path}`);
    const index = (await (await get('/announcements/index.json')).json()) as {
      items: { id: string; title: string; url: string }[];
    };
    const entry = index.items.find((i) => i.id === `${exam}-R2`);
    expect(entry?.title).toBe(`${examInfo.name}补充资格核查结果公告`);
    const meta = (await (await get(`/announcements/${exam}-R2/index.json`)).json()) as {
      counts: Record<string, number>;
      pages: { result: string; city: string; count: number }[];
    };
    expect(meta.counts).toEqual({ qualified: 1, unqualified: 1 });
    const listed: string[] = [];
    let text = '';
    for (const p of meta.pages)
      for (let i = 1; i <= p.count; i++) {
        const body = await (
          await get(`/announcements/${exam}-R2/list/${p.result}/${p.city}/${i}.json`)
        ).text();
        text += body;
        const page = JSON.parse(body) as { entries: { candidateNo: string; idNumberMasked: string }[] };
        listed.push(...page.entries.map((e) => `${p.result}:${e.candidateNo}`));
        for (const e of page.entries) expect(e.idNumberMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
      }
    expect(listed.sort()).toEqual(
      [`qualified:${at(0).candidateNo}`, `unqualified:${at(1).candidateNo}`].sort(),
    );
    const html = await (await get(`/announcements/${exam}-R2/`)).text();
    expect(html).toContain('补充资格核查合格人员');
    expect(html).toContain('补充资格核查不合格人员');
    expect(html).toContain('补充资格核查结果');
    const en = await (await get(`/announcements/${exam}-R2/en.html`)).text();
    expect(en).toContain('Found unqualified in the supplementary verification');
    expect(en).toContain('Supplementary verification results');
    for (const c of people) expect(html + text).not.toContain(c.idNumber);
  });
});
