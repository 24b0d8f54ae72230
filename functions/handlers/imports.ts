/**
 * The passing-list import (functions/acts/imports.ts): POST the file (202 with the import's id), then
 * follow it, and download every row error as CSV.
 */
import { staffActorOf } from '../acts/actor.js';
import { createUploadUrl, importErrorsCsv, importStatus, startImport } from '../acts/imports.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/imports.js';

/** POST /api/exams/{examId}/imports — the list as the body (CSV or XLSX, up to 5 MB). */
export const postImport = httpHandler(api.postImport, async ({ who, path, raw }) => ({
  status: 202,
  body: await startImport(await staffActorOf(who), path.examId, raw),
}));

/** GET /api/exams/{examId}/imports/{importId} — where it stands, with the first 1,000 row errors. */
export const getImport = httpHandler(api.getImport, async ({ who, path }) =>
  importStatus(await staffActorOf(who), path.examId, path.importId),
);

/** GET /api/exams/{examId}/imports/{importId}/errors.csv — every row error. */
export const getImportErrors = httpHandler(api.getImportErrors, async ({ who, path }) => ({
  status: 200,
  text: await importErrorsCsv(await staffActorOf(who), path.examId, path.importId),
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="import-${path.importId}-errors.csv"`,
  },
}));

/** POST /api/exams/{examId}/imports/upload-url — a URL to PUT a list of any size to; the upload starts the import. */
export const postUploadUrl = httpHandler(api.postUploadUrl, async ({ who, path, body, event }) => {
  const r = await createUploadUrl(await staffActorOf(who), path.examId, body.contentType);
  // the local server's path, made absolute for whoever asked (an S3 URL is absolute already)
  const host = event.headers?.host;
  const url = r.url.startsWith('/') && host ? `http://${host}${r.url}` : r.url;
  return { status: 201, body: { ...r, url } };
});
