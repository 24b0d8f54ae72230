/**
 * What the paper-certificate demo seeds (scripts/local/seed-arrival.ts, seed-dispatch.ts) share: days
 * counted from today, and a qualified demo candidate of a paper exam, told their result at the
 * announcement.
 */
import type { Candidate } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { initialFacts, type LifecycleFacts } from '../../functions/domain/lifecycle.js';
import { personIdOf } from '../../functions/lib/ids.js';

const DAY = 86_400_000;
/** The China date `days` after `today` (before, when negative). */
export const dayOffset = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** A qualified candidate of a paper exam whose result was announced (`announced`), with more facts if given. */
export function qualifiedCandidate(
  exam: Exam,
  p: {
    name: string;
    city: string;
    /** the ID number's area, birth date and sequence (synthetic: its check digit is right) */
    id: [area: string, birth: string, seq: number];
    candidateNo: string;
    phone: string;
    announced: string;
    facts?: Partial<LifecycleFacts>;
  },
  at: string,
): Candidate {
  const idNumber = syntheticIdNumber(...p.id);
  return {
    personId: personIdOf(idNumber),
    examId: exam.id,
    examType: exam.examType,
    name: p.name,
    idNumber,
    candidateNo: p.candidateNo,
    phone: p.phone,
    city: p.city,
    status: 'qualified',
    lifecycle: { ...initialFacts(), resultNotifiedAt: p.announced, qualifiedAt: p.announced, ...p.facts },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
