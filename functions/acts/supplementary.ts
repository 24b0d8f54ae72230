/**
 * A `pending` candidate takes part in supplementary verification (R10, R12): their own record only
 * (anyone else: 404), every material named their own (else 400 naming `materialIds`), then the
 * lifecycle records it (`supplementaryJoined`: after `supplementaryDue` 409 DEADLINE_PASSED with the
 * deadline; forfeited: refused quoting R12; nothing written either way) with the submission kept on
 * the record, and the candidate is told its reference and what happens next. The verifier then
 * decides with the decision route (functions/acts/decisions.ts).
 */
import { notFound } from '../domain/errors.js';
import { ruledOutByScan } from '../domain/materials.js';
import { checkOwnMaterials, type SupplementaryInput, submissionReceipt } from '../domain/supplementary.js';
import { readCandidate } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { materialsOf } from '../lib/materials.js';
import { type Actor, actorLabel } from './actor.js';
import { recordEvent } from './lifecycle.js';

export async function submitSupplementary(actor: Actor, examId: string, input: SupplementaryInput) {
  if (actor.kind !== 'candidate') throw notFound('考生记录');
  const { personId } = actor;
  if (!(await readCandidate(examId, personId))) throw notFound('考生记录');
  checkOwnMaterials(
    input.materialIds,
    // R23: a file the malware scan ruled out (a threat, or one it could not look into) is not theirs to hand in
    (await materialsOf(personId, examId)).filter((m) => !ruledOutByScan(m)).map((m) => m.materialId),
  );
  const reference = `BC-${newId(now()).toUpperCase()}`;
  const { candidate, deadlines } = await recordEvent(
    examId,
    personId,
    {
      type: 'supplementaryJoined',
      submission: { reference, materialIds: input.materialIds, ...(input.note ? { note: input.note } : {}) },
    },
    actorLabel(actor),
  );
  const at = candidate.supplementary?.at ?? now().toISOString();
  return submissionReceipt(reference, at, deadlines.supplementaryDue);
}
