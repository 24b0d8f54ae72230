/** The round-1 report to hr (functions/acts/reports.ts): make one, list them, one, its list as a file. */
import { staffActorOf } from '../acts/actor.js';
import { examReport, examReports, reportFile, requestRound1Report } from '../acts/reports.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes.js';

const types = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** POST /api/exams/{examId}/reports/round1 — make the round-1 report now (R7). */
export const postRound1Report = httpHandler(api.postRound1Report, async ({ who, path }) => ({
  status: 202,
  body: await requestRound1Report(await staffActorOf(who), path.examId),
}));

/** GET /api/exams/{examId}/reports — the exam's reports. */
export const listReports = httpHandler(api.listReports, async ({ who, path }) =>
  examReports(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/reports/{reportId} — one report and its counts. */
export const getReport = httpHandler(api.getReport, async ({ who, path }) =>
  examReport(await staffActorOf(who), path.examId, path.reportId),
);

/** GET /api/exams/{examId}/reports/{reportId}/round1.csv | round1.xlsx — the list as a file. */
export const getReportFile = httpHandler(api.getReportFile, async ({ who, path }) => {
  const format = path.file === 'round1.xlsx' ? 'xlsx' : 'csv';
  return {
    status: 200,
    bytes: await reportFile(await staffActorOf(who), path.examId, path.reportId, format),
    headers: {
      'content-type': types[format],
      'content-disposition': `attachment; filename="round1-${path.examId}.${format}"`,
    },
  };
});
