/**
 * The lifecycle state machine's Timeout task (functions/handlers/lifecycle.ts): a wait ran out. Apart
 * from ./lifecycle.ts because a forfeit removes the candidate's uploads (S3): the API routes that
 * record events or start lifecycle jobs through ./lifecycle.ts do not carry the S3 client for it.
 */
import { onTimeout, type Plan } from '../domain/lifecycle.js';
import { uploadKeyOf } from '../domain/materials.js';
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
