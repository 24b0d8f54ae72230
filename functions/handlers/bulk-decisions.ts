/** Bulk decisions (functions/acts/bulk-decisions.ts): preview, follow, confirm. */
import { staffActorOf } from '../acts/actor.js';
import { bulkDecisionDetail, confirmBulkDecision, startBulkDecision } from '../acts/bulk-decisions.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/bulk-decisions.js';

/** POST /api/exams/{examId}/bulk-decisions — count whom a bulk decision would touch (R1, R7, R22). */
export const postBulkDecision = httpHandler(api.postBulkDecision, async ({ who, path, body }) => ({
  status: 202,
  body: await startBulkDecision(await staffActorOf(who), path.examId, body),
}));

/** GET /api/exams/{examId}/bulk-decisions/{bulkId} — its state and counts. */
export const getBulkDecision = httpHandler(api.getBulkDecision, async ({ who, path }) =>
  bulkDecisionDetail(await staffActorOf(who), path.examId, path.bulkId),
);

/** POST /api/exams/{examId}/bulk-decisions/{bulkId}/confirm — decide them (R7, R22). */
export const postBulkConfirm = httpHandler(api.postBulkConfirm, async ({ who, path }) => ({
  status: 202,
  body: await confirmBulkDecision(await staffActorOf(who), path.examId, path.bulkId),
}));
