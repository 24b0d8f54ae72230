/** The routes of functions/handlers/imports.ts, in the one route list (functions/routes.ts). */

import { importFormats, MAX_INLINE_BYTES } from '../domain/imports.js';
import * as z from '../domain/zod.js';
import { examIdPath } from './params.js';
import type { RouteSpec } from './spec.js';

export const importPath = z.extend(examIdPath, {
  importId: z.string().check(z.regex(/^[a-z0-9]{19}$/, '导入编号格式不正确')),
});
/** The upload URL's content type (the PUT must send the same one); a CSV unless said otherwise. */
export const uploadUrlBody = z.strictObject({
  contentType: z._default(
    z.enum(Object.keys(importFormats) as [string, ...string[]], {
      error:
        '文件类型应为 text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/zip（材料压缩包）',
    }),
    'text/csv',
  ),
});

export const api = {
  postImport: {
    method: 'POST',
    path: '/api/exams/{examId}/imports',
    module: 'imports',
    exportName: 'postImport',
    summary:
      'R5, N2: hand over the passing list: the file as the body (text/csv UTF-8, or XLSX; up to 5 MB) → 202 with the import id; the rows are imported by a job. A ZIP (application/zip) of registration materials named {candidateNo}-….pdf|jpg|png is attached to the candidates the same way',
    access: 'staff',
    input: { path: examIdPath, raw: { types: Object.keys(importFormats), maxBytes: MAX_INLINE_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
    fileWork: true,
  },
  postUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/imports/upload-url',
    module: 'imports',
    exportName: 'postUploadUrl',
    summary:
      'R5: a list of any size, or a materials ZIP up to 1 GB: a URL (valid 15 minutes) to PUT the file to with this content type; its arrival starts the import → { importId, url }',
    access: 'staff',
    input: { path: examIdPath, body: uploadUrlBody },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
  },
  getImport: {
    method: 'GET',
    path: '/api/exams/{examId}/imports/{importId}',
    module: 'imports',
    exportName: 'getImport',
    summary:
      'An import: status (running, done, failed), total, imported, updated, unchanged, rejected, and the first 1,000 row errors',
    access: 'staff',
    input: { path: importPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
  },
  getImportErrors: {
    method: 'GET',
    path: '/api/exams/{examId}/imports/{importId}/errors.csv',
    module: 'imports',
    exportName: 'getImportErrors',
    summary: 'Every row error of an import as CSV (row, field, message), as a spreadsheet opens it',
    access: 'staff',
    input: { path: importPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
  },
} as const satisfies Record<string, RouteSpec>;

/** The routes functions/handlers/imports.ts serves: its Lambda function's list (infra/constructs/functions.ts). */
export const routes: readonly RouteSpec[] = Object.values(api);
