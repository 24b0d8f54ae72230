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
import type { RevocationCase } from './revocations.js';
import { type Deadline, deadlineOf } from './work.js';

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
    /** R17, R14: the certificate issued (number, date, status), for the holder and staff in scope */
    certificate: c.certificate ?? null,
    /** 补发: the holder's request to reissue a lost paper certificate, and its state */
    reissue: c.reissue ?? null,
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

/** A case as the portal's next step reads it (functions/domain/revocations.ts). */
type CaseForTodo = Pick<RevocationCase, 'caseId' | 'state' | 'proposal'>;

/**
 * The one thing the candidate does now (UI: the portal's first screen): answer a proposed revocation,
 * submit supplementary materials, file an appeal — each by its deadline — or wait for a decision, or
 * the phase's own step (booking, collection …), or nothing.
 */
export type Todo =
  | { kind: 'defence'; caseId: string; deadline: Deadline }
  | { kind: 'supplementary' | 'appeal'; deadline: Deadline }
  | { kind: 'wait'; on: 'supplementary' | 'appeal' | 'case' }
  | { kind: 'phase' }
  | { kind: 'nothing' };

/**
 * R10, R11, R12, N1: the candidate's next step from their status, lifecycle phase and open cases. An
 * answer to a proposed revocation comes first (its period is short and the outcome overrides the
 * rest); a deadline already past offers nothing to do (the lifecycle applies its consequence).
 */
export function nextStep(
  c: Pick<Candidate, 'lifecycle'>,
  p: { phase: string; deadline?: string | undefined },
  cases: readonly CaseForTodo[],
  now: Date,
): Todo {
  const open = (iso: string) => Date.parse(iso) > now.getTime();
  const answer = cases.find((x) => x.state === 'proposed' && x.proposal && open(x.proposal.defenceEndsAt));
  if (answer?.proposal)
    return {
      kind: 'defence',
      caseId: answer.caseId,
      deadline: { date: answer.proposal.defenceDue, endsAt: answer.proposal.defenceEndsAt, rule: 'N1' },
    };
  if (cases.some((x) => x.state !== 'approved' && x.state !== 'opened')) return { kind: 'wait', on: 'case' };
  // revoked and forfeited are `done` too (phaseOf)
  if (p.phase === 'done') return { kind: 'nothing' };
  if (p.phase === 'appealDecision') return { kind: 'wait', on: 'appeal' };
  if ((p.phase !== 'supplementary' && p.phase !== 'appeal') || !p.deadline) return { kind: 'phase' };
  if (p.phase === 'supplementary' && c.lifecycle?.supplementaryJoinedAt)
    return { kind: 'wait', on: 'supplementary' };
  if (!open(p.deadline)) return { kind: 'nothing' };
  return { kind: p.phase, deadline: deadlineOf(p.deadline, p.phase === 'appeal' ? 'R11' : 'R12') };
}

/** N1: the letters served on the candidate (proposals, decisions), oldest first, each with its case. */
export function lettersServed(cases: readonly Pick<RevocationCase, 'caseId' | 'proposal' | 'approval'>[]) {
  return cases
    .flatMap((x) => [
      ...(x.proposal
        ? [{ caseId: x.caseId, title: x.proposal.letter.title, servedAt: x.proposal.letter.servedAt }]
        : []),
      ...(x.approval
        ? [{ caseId: x.caseId, title: x.approval.letter.title, servedAt: x.approval.letter.servedAt }]
        : []),
    ])
    .sort((a, b) => a.servedAt.localeCompare(b.servedAt));
}
