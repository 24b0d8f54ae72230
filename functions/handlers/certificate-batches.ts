/**
 * Paper certificates arriving per batch (N3) and their reissue (补发): functions/acts/certificate-batches.ts.
 */
import { actorOf, staffActorOf } from '../acts/actor.js';
import { completeReissue, listBatches, recordBatch, requestReissue } from '../acts/certificate-batches.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/certificate-batches.js';

/** POST /api/exams/{examId}/certificate-batches?city= — the list of certificate numbers as the body (CSV). */
export const postCertificateBatch = httpHandler(
  api.postCertificateBatch,
  async ({ who, path, query, raw }) => ({
    status: 202,
    body: await recordBatch(await staffActorOf(who), path.examId, { city: query.city, bytes: raw.bytes }),
  }),
);

/** GET /api/exams/{examId}/certificate-batches — the batches with their N3 deadlines, and reissue requests. */
export const getCertificateBatches = httpHandler(api.getCertificateBatches, async ({ who, path }) =>
  listBatches(await staffActorOf(who), path.examId),
);

/** POST /api/exams/{examId}/reissue-requests — the holder's own; an electronic certificate: 409 (R21). */
export const postReissueRequest = httpHandler(api.postReissueRequest, async ({ who, path, body }) => ({
  status: 201,
  body: await requestReissue(await actorOf(who), path.examId, body),
}));

/** POST /api/exams/{examId}/candidates/{personId}/reissue — staff record the reissued certificate (补发). */
export const postReissue = httpHandler(api.postReissue, async ({ who, path, body }) =>
  completeReissue(await staffActorOf(who), path.examId, path.personId, body),
);
