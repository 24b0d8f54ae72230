/**
 * A verifier's decision on one candidate (R3, R7, R22) and the provincial verifier's reopening of a
 * round-1 decision (R24): load → scope (outside it the candidate does not exist: 404, nothing written)
 * → the act's rule (403 naming it) → the domain decides (functions/domain/decisions.ts) → the change
 * and its audit record in one transaction → the waiting lifecycle execution woken with its next plan.
 * Answers the candidate as the candidate detail route does.
 */

import { currentDecision, type DecidedBy, type DecisionInput, decide, reopen } from '../domain/decisions.js';
import { authorize, mayReadCandidate, type StaffAct } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
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
 * let the domain decide and commit; a lost race is decided again on the new record. Also the path of
 * the appeal decision (functions/acts/appeals.ts).
 */
export async function change(
  actor: Actor,
  examId: string,
  personId: string,
  act: (l: LoadedCandidate) => StaffAct,
  outcome: (l: LoadedCandidate, by: DecidedBy) => Outcome | null,
): Promise<{ committed: boolean; loaded: LoadedCandidate }> {
  if (actor.kind !== 'staff') throw notFound('考生记录');
  for (let attempt = 1; ; attempt++) {
    const l = await loadCandidate(examId, personId);
    const c = l.candidate;
    if (!mayReadCandidate({ kind: 'staff', dept: actor.dept }, c)) throw notFound('考生记录');
    authorize(actor.dept, act(l), { examType: c.examType, city: c.city });
    const o = outcome(l, byOf(actor));
    if (!o) return { committed: false, loaded: l }; // already so: one change, no second audit record
    try {
      await commitOutcome(l, o, actorLabel(actor));
      return { committed: true, loaded: l };
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= ATTEMPTS) throw e;
    }
  }
}

/** R3, R7, R22: decide a candidate qualified or unqualified, with the reason, in the round their status gives. */
export async function decideCandidate(actor: Actor, examId: string, personId: string, input: DecisionInput) {
  await change(
    actor,
    examId,
    personId,
    // R10: a pending candidate is decided in the supplementary round; everyone else in round 1 (R7)
    (l) => (l.candidate.status === 'pending' ? 'candidate.decideSupplementary' : 'candidate.verify'),
    (l, by) => decide(l.candidate, l.exam, l.deadlines, input, by, now()),
  );
  return candidateDetail(actor, examId, personId);
}

/**
 * One candidate of a bulk decision (functions/acts/bulk-decisions.ts): the single decision's path —
 * scope, the act's rule, the domain, one transaction with its audit record, the lifecycle woken — for
 * round 1 only. `decided`: this call decided them; `again`: this bulk decided them before (a step run
 * twice: counted as decided, nothing written); `unchanged`: decided so already, by someone else.
 */
export async function decideInBulk(
  actor: StaffActor,
  examId: string,
  personId: string,
  input: DecisionInput,
  bulkId: string,
): Promise<'decided' | 'again' | 'unchanged'> {
  const r = await change(
    actor,
    examId,
    personId,
    () => 'candidate.verify',
    (l, by) => {
      // R7: a bulk decision is a round-1 decision; a pending candidate is decided one by one (R10)
      if (l.candidate.status === 'pending')
        throw new DomainError('CONFLICT', '报考条件待核查的考生须在补充资格核查中逐一作结论（R10）');
      return decide(l.candidate, l.exam, l.deadlines, input, by, now(), bulkId);
    },
  );
  if (r.committed) return 'decided';
  return currentDecision(r.loaded.candidate)?.bulkId === bulkId ? 'again' : 'unchanged';
}

/** R24: the provincial verifier (or association) reopens a round-1 decision before the R7 deadline. */
export async function reopenCandidate(actor: Actor, examId: string, personId: string, reason: string) {
  await change(
    actor,
    examId,
    personId,
    () => 'candidate.reopen',
    (l, by) => reopen(l.candidate, l.exam, l.deadlines, reason, by, now()),
  );
  return candidateDetail(actor, examId, personId);
}
