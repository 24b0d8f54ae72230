/**
 * Appeals (R10, R11, R12). A candidate found `unqualified` files one appeal on their own record
 * (anyone else: 404): every material named their own (else 400 naming `materialIds`), then the
 * lifecycle records it (`appealFiled`: a second 409; after `supplementaryDue` 409 DEADLINE_PASSED with
 * the deadline; forfeited: refused quoting R12; nothing written either way) with the appeal kept on the
 * record, and the candidate is given its reference and what happens next. The verifier in scope decides
 * it along the decision's path (functions/acts/decisions.ts `change`): upheld → qualified, rejected →
 * the result stands; the candidate is told either way with the reasons (outbox SMS; the portal shows it).
 */
import { type AppealDecisionInput, type AppealInput, decideAppeal as decide } from '../domain/appeals.js';
import { notFound } from '../domain/errors.js';
import { checkOwnMaterials, submissionReceipt } from '../domain/supplementary.js';
import { readCandidate } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { materialsOf } from '../lib/materials.js';
import { type Actor, actorLabel } from './actor.js';
import { candidateDetail } from './candidates.js';
import { change } from './decisions.js';
import { recordEvent } from './lifecycle.js';

export async function fileAppeal(actor: Actor, examId: string, input: AppealInput) {
  if (actor.kind !== 'candidate') throw notFound('考生记录');
  const { personId } = actor;
  if (!(await readCandidate(examId, personId))) throw notFound('考生记录');
  const materialIds = input.materialIds ?? [];
  if (materialIds.length)
    checkOwnMaterials(
      materialIds,
      (await materialsOf(personId, examId)).map((m) => m.materialId),
    );
  const reference = `SB-${newId(now()).toUpperCase()}`;
  const { candidate, deadlines } = await recordEvent(
    examId,
    personId,
    { type: 'appealFiled', appeal: { reference, statement: input.statement, materialIds } },
    actorLabel(actor),
  );
  const at = candidate.appeal?.at ?? now().toISOString();
  return submissionReceipt(reference, at, deadlines.supplementaryDue, 'appeal');
}

/** R10, R11: the verifier in scope upholds or rejects the appeal, with the reasons the candidate is told. */
export async function decideAppeal(
  actor: Actor,
  examId: string,
  personId: string,
  input: AppealDecisionInput,
) {
  await change(
    actor,
    examId,
    personId,
    () => 'candidate.decideAppeal',
    (l, by) => decide(l.candidate, l.exam, l.deadlines, input, by, now()),
  );
  return candidateDetail(actor, examId, personId);
}
