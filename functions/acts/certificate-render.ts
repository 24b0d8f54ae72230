/**
 * R17: the file worker's PDF task (functions/handlers/file-worker.ts; in-process in local mode): render an
 * electronic certificate's PDF and keep it in the files store. The claims are the JWS payload of the
 * lookup item (`CERT#{number}`, functions/lib/certificates.ts): the canonical data as signed, so the
 * document says exactly what the QR code's signature covers. The full ID number comes from the
 * candidate record (printed as on a paper certificate, N4: never in the claims). Who may have the PDF
 * was decided by the caller (functions/acts/certificate-pdf.ts); the worker renders only a certificate
 * that is downloadable, of the candidate it belongs to.
 */
import { DomainError } from '../domain/errors.js';
import { readCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { renderCertificatePdf } from '../lib/certificate-pdf.js';
import { certificatePdf, certificatePdfKey } from '../lib/certificate-store.js';
import { fileStore } from '../lib/file-store.js';
import type { RenderCertificateTask } from '../lib/file-worker.js';
import { claimsOfJws, NO_CERTIFICATE, signedCertificateOf } from './certificate-pdf.js';
import { sealBytes } from './certificate-seal.js';

export async function renderCertificate({
  examId,
  personId,
  checkUrlBase,
}: RenderCertificateTask): Promise<void> {
  const c = await readCandidate(examId, personId);
  if (!c) throw new DomainError('NOT_FOUND', NO_CERTIFICATE);
  const { number, jws } = await signedCertificateOf(c, personId);
  await certificatePdf(fileStore(), certificatePdfKey(examId, number), async () => {
    // R17: the seal hr gave with the issuance, else the demo seal
    const seal = await sealBytes(examId, (await getExam(examId))?.certificateIssuance?.seal);
    return renderCertificatePdf({
      claims: claimsOfJws(jws),
      jws,
      fullIdNumber: c.idNumber,
      checkUrlBase,
      ...(seal ? { seal } : {}),
    });
  });
}
