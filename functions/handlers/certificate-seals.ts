import { staffActorOf } from '../acts/actor.js';
import { uploadCertificateSeal } from '../acts/certificate-seal-upload.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/certificate-seals.js';

/** POST /api/exams/{examId}/certificate-seals — hr's seal image for the issuance (R17): 201 with its id. */
export const postCertificateSeal = httpHandler(api.postCertificateSeal, async ({ who, path, raw }) => ({
  status: 201,
  body: await uploadCertificateSeal(await staffActorOf(who), path.examId, raw.bytes),
}));
