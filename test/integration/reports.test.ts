/**
 * The round-1 report to hr (R7) through the local server against DynamoDB Local: the schedule makes it
 * by itself once round 1 is due (the demo's 二级建造师 exam), the provincial verifier may make one at any
 * time; its counts by city × result equal the candidates' statuses, and its list comes as CSV and XLSX.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { round1ResultOf } from '../../functions/domain/reports.js';
import { demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { localSuite } from '../support/local.js';

const { sys, api, tokens } = localSuite(['hr.admin', 'zjt.verifier', 'zz.verifier']);
const examOf = (type: string) =>
  (demoExams(new Date()).find((e) => e.examType === type) as { id: string }).id;

/** What the report should count: the demo candidates' statuses, by city. */
function expected(examId: string) {
  const out: Record<string, { qualified: number; unqualified: number; pending: number }> = {};
  for (const c of demoCandidates(new Date()).filter((x) => x.examId === examId)) {
    const r = round1ResultOf(c.status);
    if (!r) continue;
    const row = out[c.city] ?? { qualified: 0, unqualified: 0, pending: 0 };
    row[r] += 1;
    out[c.city] = row;
  }
  return out;
}
const countsOf = (rows: { city: string; qualified: number; unqualified: number; pending: number }[]) =>
  Object.fromEntries(
    rows.map((r) => [r.city, { qualified: r.qualified, unqualified: r.unqualified, pending: r.pending }]),
  );

async function fileOf(path: string) {
  const r = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${tokens['hr.admin']}` } });
  return {
    status: r.status,
    type: r.headers.get('content-type') ?? '',
    bytes: Buffer.from(await r.arrayBuffer()),
  };
}

describe('the round-1 report', () => {
  it('R7: once round 1 is due the schedule makes the report by itself, waiting in hr’s console; its counts equal the candidates’ statuses', async () => {
    const exam = examOf('JZS2');
    let items: {
      reportId: string;
      status: string;
      by: { schedule?: true };
      counts?: { rows: never[]; total: { total: number } };
    }[] = [];
    for (let i = 0; i < 100 && !items.some((r) => r.status === 'done'); i++) {
      await sys.jobs.idle();
      items = (await api.get(`/api/exams/${exam}/reports`, tokens['hr.admin'])).body.items;
      if (!items.some((r) => r.status === 'done')) await new Promise((ok) => setTimeout(ok, 100));
    }
    const auto = items.find((r) => r.by.schedule);
    expect(auto?.status).toBe('done');
    expect(countsOf(auto?.counts?.rows ?? [])).toEqual(expected(exam));
    expect(auto?.counts?.total.total).toBe(
      demoCandidates(new Date()).filter((c) => c.examId === exam).length,
    );
    // the exam still in round 1 has none of its own yet
    expect((await api.get(`/api/exams/${examOf('JZS1')}/reports`, tokens['hr.admin'])).body.items).toEqual(
      [],
    );
  });

  it('R7: the provincial verifier reports now: undecided candidates count as pending; the list as CSV (BOM, masked IDs) and XLSX, a line per candidate', async () => {
    const exam = examOf('JZS1');
    const people = demoCandidates(new Date()).filter((c) => c.examId === exam);
    // one candidate decided unqualified with a reason: counted so, the reason on their line
    const decided = people[3] as (typeof people)[number];
    const d = await api.post(
      `/api/exams/${exam}/candidates/${decided.personId}/decision`,
      { outcome: 'unqualified', reasonCode: 'education' },
      tokens['zjt.verifier'],
    );
    expect(d.status).toBe(200);
    const made = await api.post(
      `/api/exams/${exam}/reports/round1`,
      { confirm: true },
      tokens['zjt.verifier'],
    );
    expect(made.status).toBe(202);
    await sys.jobs.idle();
    const report = await api.get(`/api/exams/${exam}/reports/${made.body.reportId}`, tokens['hr.admin']);
    expect(report.body.status).toBe('done');
    expect(report.body.by.deptName).toBe('河南省住房和城乡建设厅');
    const want = expected(exam);
    const row = want[decided.city] as { pending: number; unqualified: number };
    row.pending -= 1;
    row.unqualified += 1;
    expect(countsOf(report.body.counts.rows)).toEqual(want);
    expect(report.body.counts.total).toMatchObject({
      pending: people.length - 1,
      unqualified: 1,
      qualified: 0,
      total: people.length,
    });
    const csv = await fileOf(`/api/exams/${exam}/reports/${made.body.reportId}/round1.csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF准考证号,姓名,身份证号,地市,核查结果,不合格原因')).toBe(true);
    const lines = text.trim().split(/\r?\n/);
    expect(lines.length).toBe(people.length + 1);
    for (const c of people) expect(text).not.toContain(c.idNumber);
    expect(text).toContain(`${people[0]?.candidateNo},${people[0]?.name},`);
    expect(lines.find((l) => l.startsWith(`${decided.candidateNo},`))).toMatch(/,不合格,学历不符$/);
    const xlsx = await fileOf(`/api/exams/${exam}/reports/${made.body.reportId}/round1.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(people.length + 1);
    expect(book.worksheets[0]?.getRow(1).getCell(5).value).toBe('核查结果');
  });

  it('R7, R1: a city verifier neither makes nor reads the report (403); a bad file name is 400 naming it', async () => {
    const exam = examOf('JZS1');
    expect(
      (await api.post(`/api/exams/${exam}/reports/round1`, { confirm: true }, tokens['zz.verifier'])).status,
    ).toBe(403);
    expect((await api.get(`/api/exams/${exam}/reports`, tokens['zz.verifier'])).status).toBe(403);
    const noConfirm = await api.post(`/api/exams/${exam}/reports/round1`, {}, tokens['zjt.verifier']);
    expect([noConfirm.status, noConfirm.body.error.details.fields[0].field]).toEqual([400, 'confirm']);
    const bad = await api.get(`/api/exams/${exam}/reports/whatever/round1.pdf`, tokens['hr.admin']);
    expect([bad.status, bad.body.error.details.fields[0].field]).toEqual([400, 'path.file']);
  });
});
