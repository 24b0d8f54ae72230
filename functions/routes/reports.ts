/** The routes of functions/handlers/reports.ts, in the one route list (functions/routes.ts). */

import { transferReceiptSchema } from '../domain/collection.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const reportPath = z.extend(examIdPath, {
  reportId: z.string().check(z.regex(/^[a-z0-9-]{3,60}$/, '报告编号格式不正确')),
});
/** R7, R13: making a report is confirmed. */
const reportConfirm = z.strictObject({
  confirm: z.literal(true, { error: '请确认生成并报送报告（confirm: true）' }),
});
export const reportFilePath = z.extend(reportPath, {
  file: z.enum(
    [
      'round1.csv',
      'round1.xlsx',
      'supplementary.csv',
      'supplementary.xlsx',
      'custody.csv',
      'custody.xlsx',
      'transfer.csv',
      'transfer.xlsx',
    ],
    {
      error: '文件应为 round1、supplementary、custody 或 transfer 的 .csv 或 .xlsx（与报告种类一致）',
    },
  ),
});

export const api = {
  postRound1Report: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/round1',
    module: 'reports',
    exportName: 'postRound1Report',
    summary:
      'R7: make the round-1 report for hr now (counts by city × result and the list, CSV and XLSX) → 202 { reportId, jobId }; the schedule makes one by itself when round 1 is due',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postSupplementaryReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/supplementary',
    module: 'reports',
    exportName: 'postSupplementaryReport',
    summary:
      'R13: make the supplementary report for hr now (by city: pending at its start, took part, qualified, unqualified, forfeited, decided overdue (R11); and the list, CSV and XLSX) → 202 { reportId, jobId }; the schedule makes one by itself once supplementaryDue has passed',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  listReports: {
    method: 'GET',
    path: '/api/exams/{examId}/reports',
    module: 'reports',
    exportName: 'listReports',
    summary:
      "R7, R13: an exam's reports (kind round1 | supplementary), newest first, with their counts (hr, the provincial verifier or association)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getReport: {
    method: 'GET',
    path: '/api/exams/{examId}/reports/{reportId}',
    module: 'reports',
    exportName: 'getReport',
    summary: 'R7, R13: one report: its kind, its counts by city, when and for which deadline it was made',
    access: 'staff',
    input: { path: reportPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getReportFile: {
    method: 'GET',
    path: '/api/exams/{examId}/reports/{reportId}/{file}',
    module: 'reports',
    exportName: 'getReportFile',
    summary:
      "R7, R13: one report's list as a download: {kind}.csv (UTF-8 with BOM) or {kind}.xlsx — round1.* for a round-1 report, supplementary.* for a supplementary one (another kind's: 404)",
    access: 'staff',
    input: { path: reportFilePath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['reports'],
  },
  postCustodyReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/custody',
    module: 'reports',
    exportName: 'postCustodyReport',
    summary:
      'R20: the provincial verifier makes the custody register now — every certificate uncollected after its site closed, with the day custody ends (CSV and XLSX, by a job) → 202 { reportId, jobId }',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postTransferReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/transfer',
    module: 'reports',
    exportName: 'postTransferReport',
    summary:
      'R20: once custody has ended (exam end + 5 years), the provincial verifier registers the uncollected certificates for transfer to hr (CSV and XLSX, by a job; the schedule makes one by itself) → 202 { reportId, jobId }; before: 409 with the date',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postTransferReceipt: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/{reportId}/receipt',
    module: 'reports',
    exportName: 'postTransferReceipt',
    summary:
      'R20: hr records receipt of a transfer register with its reference (once); the candidates on it then read 已移交 in the portal',
    access: 'staff',
    input: { path: reportPath, body: transferReceiptSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getOverview: {
    method: 'GET',
    path: '/api/overview',
    module: 'reports',
    exportName: 'getOverview',
    summary:
      "R16, R19, R20, N3: hr's overview of the paper certificates — per exam and city the counts passed → qualified → booked → dispatched → delivered / collected → on site → in custody → transfer register → transferred, with totals — from the counters kept with each change (never a scan), and the batches past N3's 10 working days with distribution not started (hr only)",
    access: 'staff',
    input: {},
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/reports.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
