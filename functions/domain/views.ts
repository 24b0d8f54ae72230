/**
 * What of a candidate record each reader sees. The candidate sees their own data masked the way it is
 * shown on screen (N4 keeps full numbers off screens that do not need them); staff in scope see the full
 * record they need to verify.
 */

import { todayInChina } from './calendar.js';
import type { Candidate } from './candidate.js';
import { certificateKind, type Exam, examType } from './exams.js';
import { type CandidateDeadlines, phaseOf } from './lifecycle.js';
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
    /** the admission ticket number from the passing list (R5), by which the notice names them */
    candidateNo: c.candidateNo ?? null,
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
  return {
    ...publicCandidateView(c),
    idNumber: c.idNumber,
    phone: c.phone,
    employer: c.employer ?? null,
    scores: c.scores ?? null,
    /** R23: drawn for an on-site check */
    spotCheck: c.spotCheck ?? null,
    /** R10: the supplementary verification submission (materials chosen, note, reference, when) */
    supplementary: c.supplementary ?? null,
  };
}

/**
 * R11, R12: the candidate's appeal with its decision and reasons, and which round made the current status
 * (a supplementary-round result is final for the year), for the candidate and staff in scope; not in lists.
 */
export function appealView(c: Candidate) {
  return { appeal: c.appeal ?? null, round: c.lifecycle?.round ?? 'first' };
}

/**
 * Where the candidate is in the lifecycle and the deadline that applies now, for the portal and the
 * console (T4: shown as the date and "24:00 China Standard Time"; stored as the instant it ends).
 */
export function lifecycleView(c: Candidate, exam: Exam, d: CandidateDeadlines) {
  const p = phaseOf(c, exam, d);
  return {
    phase: p.phase,
    deadline: p.deadline
      ? {
          endsAt: p.deadline,
          date: todayInChina(new Date(Date.parse(p.deadline) - 1)),
          rule: p.rule ?? null,
          // T3: this deadline falls in a year whose holidays are not loaded yet
          provisional: d.provisionalAt.includes(p.deadline),
          // R12: the exam's earlier cut-off for supplementary submissions is the deadline, with why
          ...(p.phase === 'supplementary' && d.supplementaryCutoff
            ? { reason: d.supplementaryCutoff.reason }
            : {}),
        }
      : null,
    provisional: d.provisional,
  };
}
