/** The routes of functions/handlers/dispatch.ts, in the one route list (functions/routes.ts). */

import { MAX_POST_BYTES } from '../domain/dispatch.js';
import * as z from '../domain/zod.js';
import { certificateBatchQuery, examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

/** R18, R19: China Post's manifest of one city (a municipal verifier: its own), or of every city. */
export const manifestBody = z.strictObject({ city: certificateBatchQuery.shape.city });
export const manifestPath = z.extend(examIdPath, {
  manifestId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '交寄清单编号格式不正确')),
});
export const manifestFilePath = z.extend(manifestPath, {
  file: z.enum(['manifest.csv', 'manifest.xlsx'], { error: '文件应为 manifest.csv 或 manifest.xlsx' }),
});

export const api = {
  postManifest: {
    method: 'POST',
    path: '/api/exams/{examId}/manifests',
    module: 'dispatch',
    exportName: 'postManifest',
    summary:
      "R18, R19, N3: export China Post's manifest (交寄清单) of one city ({ city }; a municipal verifier: its own) or of every city ({}) → 202 { manifest, jobId }: a job lists every booked candidate whose paper certificate has arrived and is not yet dispatched (收件人, 电话, 省, 市, 区县, 详细地址, 邮编, 内件 = certificate number, 到付, reference) and locks their bookings; exporting again lists them again, locking none twice",
    access: 'staff',
    input: { path: examIdPath, body: manifestBody },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  getManifests: {
    method: 'GET',
    path: '/api/exams/{examId}/manifests',
    module: 'dispatch',
    exportName: 'getManifests',
    summary:
      "R18: the exam's manifests, newest first (a municipal verifier: its city's), each with its status and row count",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getManifestFile: {
    method: 'GET',
    path: '/api/exams/{examId}/manifests/{manifestId}/{file}',
    module: 'dispatch',
    exportName: 'getManifestFile',
    summary:
      'R18: a manifest as a download, manifest.csv (UTF-8 with BOM) or manifest.xlsx, once its job is done (before: 409)',
    access: 'staff',
    input: { path: manifestFilePath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['reports'],
  },
  postTrackingNumbers: {
    method: 'POST',
    path: '/api/exams/{examId}/tracking-numbers',
    module: 'dispatch',
    exportName: 'postTrackingNumbers',
    summary:
      "R18: China Post's tracking numbers (text/csv UTF-8: reference, trackingNo; up to 1 MB, 5,000 rows) → 202 { jobId, count, unknown }: a wrong header, a bad cell or a reference twice refuses the whole file (400, details.rows by row), nothing written; references no manifest of this exam listed are reported by row (`unknown`) and the rest applied by a job — each candidate is sent an SMS with the number and sees it in the portal",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['text/csv'], maxBytes: MAX_POST_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  postDeliveryResults: {
    method: 'POST',
    path: '/api/exams/{examId}/delivery-results',
    module: 'dispatch',
    exportName: 'postDeliveryResults',
    summary:
      "R19: China Post's delivery results (text/csv UTF-8: reference, result = delivered | failed, reason (a failure's), at = YYYY-MM-DD or an ISO instant) → 202 { jobId, count, unknown }, checked as the tracking file; delivered → done; failed → a second attempt (the candidate is told; the booking returns to the next manifest); failed twice → on site (R19), told by SMS",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['text/csv'], maxBytes: MAX_POST_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/dispatch.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
