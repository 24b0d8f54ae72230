/**
 * Dispatch and delivery by China Post (R18, R19, N3): the manifest, the tracking numbers, the delivery
 * results — functions/acts/dispatch.ts.
 */
import { staffActorOf } from '../acts/actor.js';
import { exportManifest, importPostFile, listManifests, manifestFile } from '../acts/dispatch.js';
import { XLSX_TYPE } from '../lib/downloads.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/dispatch.js';

/** POST /api/exams/{examId}/manifests { city? } — the manifest made by a job; its bookings locked. */
export const postManifest = httpHandler(api.postManifest, async ({ who, path, body }) => ({
  status: 202,
  body: await exportManifest(await staffActorOf(who), path.examId, body),
}));

/** GET /api/exams/{examId}/manifests — the exam's manifests, newest first. */
export const getManifests = httpHandler(api.getManifests, async ({ who, path }) =>
  listManifests(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/manifests/{manifestId}/manifest.csv|xlsx — the download. */
export const getManifestFile = httpHandler(api.getManifestFile, async ({ who, path }) => {
  const format = path.file === 'manifest.xlsx' ? 'xlsx' : 'csv';
  return {
    status: 200,
    bytes: await manifestFile(await staffActorOf(who), path.examId, path.manifestId, format),
    headers: {
      'content-type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="manifest-${path.examId}-${path.manifestId}.${format}"`,
    },
  };
});

/** POST /api/exams/{examId}/tracking-numbers — China Post's tracking file (CSV) as the body. */
export const postTrackingNumbers = httpHandler(api.postTrackingNumbers, async ({ who, path, raw }) => ({
  status: 202,
  body: await importPostFile(await staffActorOf(who), path.examId, 'tracking', raw.bytes),
}));

/** POST /api/exams/{examId}/delivery-results — China Post's delivery results (CSV) as the body. */
export const postDeliveryResults = httpHandler(api.postDeliveryResults, async ({ who, path, raw }) => ({
  status: 202,
  body: await importPostFile(await staffActorOf(who), path.examId, 'delivery', raw.bytes),
}));
