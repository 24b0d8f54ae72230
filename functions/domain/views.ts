/**
 * What of a candidate record each reader sees. The candidate sees their own data masked the way it is
 * shown on screen (N4 keeps full numbers off screens that do not need them); staff in scope see the full
 * record they need to verify.
 */
import type { Candidate } from './candidate.js';
import { certificateKind, examType } from './exams.js';
import { maskIdNumber, maskPhone } from './masking.js';
import { cityName } from './regions.js';

export function publicCandidateView(c: Candidate) {
  const t = examType(c.examType);
  return {
    personId: c.personId,
    examId: c.examId,
    examType: c.examType,
    examTypeName: t?.name ?? c.examType,
    certificateKind: t ? certificateKind(t) : null,
    name: c.name,
    idNumberMasked: maskIdNumber(c.idNumber),
    phoneMasked: maskPhone(c.phone),
    city: c.city,
    cityName: cityName(c.city),
    commitment: c.commitment ?? null,
    status: c.status,
    updatedAt: c.updatedAt,
  };
}

export function staffCandidateView(c: Candidate) {
  return { ...publicCandidateView(c), idNumber: c.idNumber, phone: c.phone };
}
