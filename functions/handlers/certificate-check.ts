import { actorOf } from '../acts/actor.js';
import { checkCertificate, requestReissue } from '../acts/certificate-check.js';
import { clientAddressOf, httpHandler } from '../lib/http.js';
import { api } from '../routes.js';

/** GET /api/public/certificates/{number}?name=…[&idNumber=…] — public, limited per client and overall (R25). */
export const getCertificateCheck = httpHandler(api.getCertificateCheck, async ({ path, query, event }) =>
  checkCertificate(path.number, query, clientAddressOf(event)),
);

/** POST /api/exams/{examId}/reissue-requests — the holder's own; an electronic certificate: 409 (R21). */
export const postReissueRequest = httpHandler(api.postReissueRequest, async ({ who, path }) =>
  requestReissue(await actorOf(who), path.examId),
);
