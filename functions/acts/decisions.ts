/**
 * A verifier's decision on one candidate (R3, R7, R22) and the provincial verifier's reopening of a
 * round-1 decision (R24): load → scope (outside it the candidate does not exist: 404, nothing written)
 * → the act's rule (403 naming it) → the domain decides (functions/domain/decisions.ts) → the change
 * and its audit record in one transaction → the waiting lifecycle execution woken with its next plan.
 * Answers the candidate as the candidate detail route does.
 */

import { type DecidedBy, type DecisionInput, decide, reopen } from '../domain/decisions.js';
import { authorize, mayReadCandidate, type StaffAct } from '../domain/departments.js';
import { ConflictError, notFound } from '../domain/errors.js';
import type { Outcome } from '../domain/lifecycle.js';
import { now } from '../lib/clock.js';
import { type Actor, actorLabel, type StaffActor } from './actor.js';
import { commitOutcome, type LoadedCandidate, loadCandidate } from './candidate-change.js';
import { candidateDetail } from './candidates.js';

/** Tries when the record changed between read and write (e.g. the execution storing its task token). */
const ATTEMPTS = 3;

const byOf = (a: StaffActor): DecidedBy => ({
  deptId: a.dept.id,
  deptName: a.dept.name,
  deptKind: a.dept.kind,
});

/**
 * Load the candidate in the staff member's scope (R1: else 404), check the act (R1, R24: else 403),
 * let the domain decide and commit; a lost race is decided again on the new record.
 */
async function change(
  actor: Actor,
  examId: string,
  personId: string,
  act: (l: LoadedCandidate) => StaffAct,
  outcome: (l: LoadedCandidate, by: DecidedBy) => Outcome | null,
) {
  if (actor.kind !== 'staff') throw notFound('考生记录');
  for (let attempt = 1; ; attempt++) {
    const l = await loadCandidate(examId, personId);
    const c = l.candidate;
    if (!mayReadCandidate({ kind: 'staff', dept: actor.dept }, c)) throw notFound('考生记录');
    authorize(actor.dept, act(l), { examType: c.examType, city: c.city });
    const o = outcome(l, byOf(actor));
    if (!o) break; // already so: one change, no second audit record
    try {
      await commitOutcome(l, o, actorLabel(actor));
      break;
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= ATTEMPTS) throw e;
    }
  }
  return candidateDetail(actor, examId, personId);
}

/** R3, R7, R22: decide a candidate qualified or unqualified, with the reason, in the round their status gives. */
export function decideCandidate(actor: Actor, examId: string, personId: string, input: DecisionInput) {
  return change(
    actor,
    examId,
    personId,
    // R10: a pending candidate is decided in the supplementary round; everyone else in round 1 (R7)
    (l) => (l.candidate.status === 'pending' ? 'candidate.decideSupplementary' : 'candidate.verify'),
    (l, by) => decide(l.candidate, l.exam, l.deadlines, input, by, now()),
  );
}

/** R24: the provincial verifier (or association) reopens a round-1 decision before the R7 deadline. */
export function reopenCandidate(actor: Actor, examId: string, personId: string, reason: string) {
  return change(
    actor,
    examId,
    personId,
    () => 'candidate.reopen',
    (l, by) => reopen(l.candidate, l.exam, l.deadlines, reason, by, now()),
  );
}
