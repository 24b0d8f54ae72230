/** The reports to hr (R7, R13; functions/acts/reports.ts): make one, list them, one, its list as a file. */
import { staffActorOf } from '../acts/actor.js';
import { overview } from '../acts/overview.js';
import { examReport, examReports, receiveTransfer, reportFile, requestReport } from '../acts/reports.js';
import type { ReportKind } from '../domain/reports.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/reports.js';

const types = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** POST /api/exams/{examId}/reports/round1 — make the round-1 report now (R7). */
export const postRound1Report = httpHandler(api.postRound1Report, async ({ who, path }) => ({
  status: 202,
  body: await requestReport(await staffActorOf(who), path.examId, 'round1'),
}));

/** POST /api/exams/{examId}/reports/supplementary — make the supplementary report now (R13). */
export const postSupplementaryReport = httpHandler(api.postSupplementaryReport, async ({ who, path }) => ({
  status: 202,
  body: await requestReport(await staffActorOf(who), path.examId, 'supplementary'),
}));

/** GET /api/exams/{examId}/reports — the exam's reports. */
export const listReports = httpHandler(api.listReports, async ({ who, path }) =>
  examReports(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/reports/{reportId} — one report and its counts. */
export const getReport = httpHandler(api.getReport, async ({ who, path }) =>
  examReport(await staffActorOf(who), path.examId, path.reportId),
);

/** GET /api/exams/{examId}/reports/{reportId}/{kind}.csv | {kind}.xlsx — the list as a file. */
export const getReportFile = httpHandler(api.getReportFile, async ({ who, path }) => {
  const [kind, ext] = path.file.split('.') as [ReportKind, string];
  const format = ext === 'xlsx' ? 'xlsx' : 'csv';
  return {
    status: 200,
    bytes: await reportFile(await staffActorOf(who), path.examId, path.reportId, { kind, format }),
    headers: {
      'content-type': types[format],
      'content-disposition': `attachment; filename="${kind}-${path.examId}.${format}"`,
    },
  };
});

/** POST /api/exams/{examId}/reports/custody — make the custody register now (R20). */
export const postCustodyReport = httpHandler(api.postCustodyReport, async ({ who, path }) => ({
  status: 202,
  body: await requestReport(await staffActorOf(who), path.examId, 'custody'),
}));

/** POST /api/exams/{examId}/reports/transfer — register the uncollected certificates for transfer (R20). */
export const postTransferReport = httpHandler(api.postTransferReport, async ({ who, path }) => ({
  status: 202,
  body: await requestReport(await staffActorOf(who), path.examId, 'transfer'),
}));

/** POST /api/exams/{examId}/reports/{reportId}/receipt — hr records receipt of the transfer (R20). */
export const postTransferReceipt = httpHandler(api.postTransferReceipt, async ({ who, path, body }) => ({
  status: 201,
  body: await receiveTransfer(await staffActorOf(who), path.examId, path.reportId, body.reference),
}));

/** GET /api/overview — hr's overview of the paper certificates across exams and cities (issue 13 §5). */
export const getOverview = httpHandler(api.getOverview, async ({ who }) => overview(await staffActorOf(who)));
