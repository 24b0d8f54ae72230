/**
 * R17: the electronic certificate's PDF as a download (functions/acts/certificate-pdf.ts): the holder's
 * own, and staff's for a candidate they see (R1); anyone else 404.
 */
import { actorOf } from '../acts/actor.js';
import { certificateDocument } from '../acts/certificate-pdf.js';
import { type HttpEvent, httpHandler } from '../lib/http.js';
import { api } from '../routes/certificates.js';

/**
 * The public site's origin the QR code opens the check page on: `CERT_CHECK_URL_BASE`, else the
 * request's own origin (the site and the API share it). Behind CloudFront (`TRUST_VIEWER_ADDRESS`) the
 * viewer's host is the one its viewer-request function writes (`x-viewer-host`, infra/constructs/site.ts),
 * always https; the Host header there is the API's own. Locally, the one server's Host.
 */
export function checkUrlBaseOf(event: HttpEvent, env = process.env): string {
  if (env.CERT_CHECK_URL_BASE) return env.CERT_CHECK_URL_BASE;
  const viewerHost = env.TRUST_VIEWER_ADDRESS ? event.headers?.['x-viewer-host'] : undefined;
  if (viewerHost) return `https://${viewerHost}`;
  const host = event.headers?.host ?? 'localhost';
  return `${/^(localhost|127\.)/.test(host) ? 'http' : 'https'}://${host}`;
}

const pdfReply = ({ number, bytes }: { number: string; bytes: Buffer }) => ({
  status: 200,
  bytes,
  headers: {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${number}.pdf"`,
  },
});

/** GET /api/exams/{examId}/certificate.pdf — the signed-in holder's own certificate. */
export const getOwnCertificatePdf = httpHandler(api.getOwnCertificatePdf, async ({ who, path, event }) =>
  pdfReply(await certificateDocument(await actorOf(who), path.examId, who.personId, checkUrlBaseOf(event))),
);

/** GET /api/exams/{examId}/candidates/{personId}/certificate.pdf — staff in scope (R1). */
export const getCandidateCertificatePdf = httpHandler(
  api.getCandidateCertificatePdf,
  async ({ who, path, event }) =>
    pdfReply(
      await certificateDocument(await actorOf(who), path.examId, path.personId, checkUrlBaseOf(event)),
    ),
);
