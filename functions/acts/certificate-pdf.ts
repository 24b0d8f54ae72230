/**
 * R17: an electronic certificate's PDF, for its holder (the portal) or staff who see the candidate
 * (R1, the console); anyone else is told nothing exists (404). Rendered on the first download by the
 * file worker (functions/acts/certificate-render.ts, functions/lib/file-worker.ts) and kept in the files
 * store (`certificates/…`); this act, in the API function, reads the stored file and never loads the
 * renderer.
 */

import type { Candidate } from '../domain/candidate.js';
import { type CertificateClaims, downloadableCertificate } from '../domain/certificates.js';
import { mayReadCandidate } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { readCandidate } from '../lib/candidates.js';
import { certificatePdfKey, storedCertificatePdf } from '../lib/certificate-store.js';
import { readCertificateLookup } from '../lib/certificates.js';
import { fileStore } from '../lib/file-store.js';
import { fileWorker } from '../lib/file-worker.js';
import type { Actor } from './actor.js';

/** The claims a compact JWS carries (its payload, base64url of the canonical JSON). */
export function claimsOfJws(jws: string): CertificateClaims {
  const payload = jws.split('.')[1];
  if (!payload) throw new Error('not a compact JWS');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CertificateClaims;
}

/** Said only to a reader who may see the candidate. */
export const NO_CERTIFICATE = '该考生没有可下载的电子证书（尚未签发，或已由新证书替换）';

/**
 * R17: the candidate's downloadable electronic certificate (valid or revoked) and its signed data (the
 * lookup item's JWS, which must be this candidate's), or 404 saying there is none: what the download
 * route checks and the file worker renders from.
 */
export async function signedCertificateOf(
  c: Candidate,
  personId: string,
): Promise<{ number: string; jws: string }> {
  const cert = c.certificate;
  if (!downloadableCertificate(cert)) throw new DomainError('NOT_FOUND', NO_CERTIFICATE);
  const lookup = await readCertificateLookup(cert.number);
  if (!lookup?.signed || lookup.personId !== personId) throw new DomainError('NOT_FOUND', NO_CERTIFICATE);
  return { number: cert.number, jws: lookup.signed };
}

/** The certificate's PDF for whoever may read the candidate: its number and bytes. */
export async function certificateDocument(
  reader: Actor,
  examId: string,
  personId: string,
  checkUrlBase: string,
): Promise<{ number: string; bytes: Buffer }> {
  if (reader.kind === 'system') throw notFound('考生记录');
  const c = await readCandidate(examId, personId);
  if (!c || !mayReadCandidate(reader, c)) throw notFound('考生记录');
  const { number } = await signedCertificateOf(c, personId);
  const key = certificatePdfKey(examId, number);
  let pdf = await storedCertificatePdf(fileStore(), key);
  if (!pdf) {
    await fileWorker().renderCertificate({ task: 'certificatePdf', examId, personId, checkUrlBase });
    pdf = await storedCertificatePdf(fileStore(), key);
    if (!pdf) throw new Error(`the file worker stored no ${key}`);
  }
  return { number, bytes: Buffer.from(pdf) };
}
