import { checkCertificate } from '../acts/certificate-check.js';
import { clientAddressOf, httpHandler } from '../lib/http.js';
import { api } from '../routes.js';

/** GET /api/public/certificates/{number}?name=…[&idNumber=…] — public, limited per client and overall (R25). */
export const getCertificateCheck = httpHandler(api.getCertificateCheck, async ({ path, query, event }) =>
  checkCertificate(path.number, query, clientAddressOf(event)),
);
