/**
 * GET …/candidates/{personId}/timeline: every act and automatic transition on one candidate, newest
 * first, for staff in scope and the candidate themself (R1, R24; anyone else: 404). N4: the acting
 * staff member's department, never their username; no personal data (functions/domain/timeline.ts).
 */
import { keys } from '../data/tables.js';
import { staffUsername, TIMELINE_LIMIT, timeline } from '../domain/timeline.js';
import { auditTrail } from '../lib/audit.js';
import { staffDeptOf } from '../lib/db.js';
import type { Actor } from './actor.js';
import { candidateInScope } from './candidates.js';

export async function candidateTimeline(actor: Actor, examId: string, personId: string) {
  await candidateInScope(actor, examId, personId);
  const { items: records, more } = await auditTrail(
    keys.auditSubjectCandidate(examId, personId),
    TIMELINE_LIMIT,
  );
  // records written before they carried the department: the username's department, read once per request
  const usernames = new Set(records.filter((r) => !r.actorDept).flatMap((r) => staffUsername(r.actor) ?? []));
  const depts = new Map<string, string | null>();
  await Promise.all([...usernames].map(async (u) => depts.set(u, (await staffDeptOf(u))?.name ?? null)));
  const reader = actor.kind === 'candidate' ? 'candidate' : 'staff';
  return { items: timeline(records, reader, (u) => depts.get(u) ?? null), more };
}
