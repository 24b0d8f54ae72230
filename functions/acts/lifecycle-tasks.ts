import { todayInChina } from '../domain/calendar.js';
import { type CertificateRecord, certificateClaims, certificateNumber } from '../domain/certificates.js';
import { DEFAULT_ISSUER } from '../domain/exam-events.js';
import { applyEvent, onTimeout, type Plan } from '../domain/lifecycle.js';
import { uploadKeyOf } from '../domain/materials.js';
import { certSigner, ensureJwksPublished } from '../lib/cert-signer.js';
import { certificateLookupPut, nextCertificateSeq } from '../lib/certificates.js';
import { now } from '../lib/clock.js';
import { fileStore } from '../lib/file-store.js';
import { loadCandidate, planFor, saveOutcome } from './candidate-change.js';
import { SYSTEM } from './lifecycle.js';

/** Timeout: a wait ran out — send the reminder or apply the deadline's consequence, then plan. */
export async function timeout(examId: string, personId: string): Promise<Plan> {
  const l = await loadCandidate(examId, personId);
  const outcome = onTimeout(l.candidate, l.exam, l.deadlines, now());
  const c = outcome ? await saveOutcome(l.candidate, outcome, SYSTEM, false, l.exam) : l.candidate;
  // N4, R12: a forfeited candidate's own uploads go (a retried step marks them again, harmlessly)
  if (c.status === 'forfeited') await removeForfeitedUploads(examId, personId);
  return planFor(l.exam, c);
}

/**
 * N4, R12: the uploads of a candidate who forfeited, handed to the files bucket's removal rule
 * (functions/lib/retention.ts: FORFEITED_UPLOAD_DAYS); the department's ZIP materials stay.
 */
export async function removeForfeitedUploads(examId: string, personId: string): Promise<string[]> {
  const store = fileStore();
  const uploads = (await store.list(`materials/${examId}/${personId}`)).filter((k) => uploadKeyOf(k));
  if (uploads.length) await store.markForRemoval(uploads);
  return uploads;
}

/**
 * R17: the IssueElectronic step — the candidate's electronic certificate, once hr has performed the
 * exam's issuance: a number from the sequence of the exam type and year, the claims (the ID number only
 * masked, N4) signed as a compact JWS, the record on the candidate and the lookup item by number (the
 * public check, R25), in one transaction with the audit record and the message. Idempotent: a candidate
 * who has a certificate is only planned; the record's version and the lookup's condition keep a retried
 * step from writing two. Never for a candidate who is not qualified (applyEvent refuses).
 */
export async function issueElectronic(examId: string, personId: string): Promise<Plan> {
  const l = await loadCandidate(examId, personId);
  const c = l.candidate;
  if (c.certificate) return planFor(l.exam, c);
  const at = now();
  // refused (not qualified, not issued yet, issued already) before a number is drawn
  applyEvent(c, l.exam, l.deadlines, { type: 'eCertIssued' }, at);
  const issuance = l.exam.certificateIssuance ?? {
    issuedOn: todayInChina(new Date(l.exam.certificatesIssuedAt ?? at.toISOString())),
    issuer: DEFAULT_ISSUER,
  };
  const seq = await nextCertificateSeq(l.exam.examType, l.exam.year, personId);
  const number = certificateNumber({ examType: l.exam.examType, year: l.exam.year, seq });
  const exam = { id: l.exam.id, name: l.exam.name };
  // R17: the keys that verify it are published before the first certificate is signed
  const signer = certSigner();
  await ensureJwksPublished(signer);
  const signed = await signer.sign(
    certificateClaims({
      number,
      holderName: c.name,
      idNumber: c.idNumber,
      exam,
      issuedAt: issuance.issuedOn,
      issuer: issuance.issuer,
    }),
  );
  const certificate: CertificateRecord = {
    kind: 'electronic',
    number,
    issuedAt: issuance.issuedOn,
    status: 'valid',
  };
  const outcome = applyEvent(c, l.exam, l.deadlines, { type: 'eCertIssued', certificate }, at);
  const saved = await saveOutcome(
    c,
    { ...outcome, details: { rule: 'R17', number } },
    'system:hr',
    false,
    l.exam,
    [
      certificateLookupPut({
        ...certificate,
        signed,
        holderName: c.name,
        exam,
        personId,
      }),
    ],
  );
  return planFor(l.exam, saved);
}
