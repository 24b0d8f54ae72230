import { actorOf, staffActorOf } from '../acts/actor.js';
import { decideAppeal, fileAppeal } from '../acts/appeals.js';
import { candidateDetail, workQueue } from '../acts/candidates.js';
import { decideCandidate, reopenCandidate } from '../acts/decisions.js';
import { submitSupplementary } from '../acts/supplementary.js';
import { candidateTimeline } from '../acts/timeline.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/candidates.js';

/** GET /api/exams/{examId}/candidates — the work queue of one exam, paged on the server (R1). */
export const listCandidates = httpHandler(api.listCandidates, async ({ who, path, query }) =>
  workQueue(await staffActorOf(who), path.examId, query),
);

/** GET /api/exams/{examId}/candidates/{personId} — the candidate themself, or staff in scope (R1). */
export const getCandidate = httpHandler(api.getCandidate, async ({ who, path }) =>
  candidateDetail(await actorOf(who), path.examId, path.personId),
);

/** POST /api/exams/{examId}/candidates/{personId}/decision — a verification decision with its reason (R7, R22). */
export const postDecision = httpHandler(api.postDecision, async ({ who, path, body }) =>
  decideCandidate(await staffActorOf(who), path.examId, path.personId, body),
);

/** POST /api/exams/{examId}/candidates/{personId}/reopen — the provincial verifier reopens a decision (R24). */
export const postReopen = httpHandler(api.postReopen, async ({ who, path, body }) =>
  reopenCandidate(await staffActorOf(who), path.examId, path.personId, body.reason),
);

/** GET /api/exams/{examId}/candidates/{personId}/timeline — newest first; departments, never usernames (R1, N4). */
export const getCandidateTimeline = httpHandler(api.getCandidateTimeline, async ({ who, path }) =>
  candidateTimeline(await actorOf(who), path.examId, path.personId),
);

/** POST /api/exams/{examId}/supplementary — a pending candidate takes part in supplementary verification (R10, R12). */
export const postSupplementary = httpHandler(api.postSupplementary, async ({ who, path, body }) => ({
  status: 201,
  body: await submitSupplementary(await actorOf(who), path.examId, body),
}));

/** POST /api/exams/{examId}/appeal — a candidate found unqualified appeals, once, in time (R10, R11, R12). */
export const postAppeal = httpHandler(api.postAppeal, async ({ who, path, body }) => ({
  status: 201,
  body: await fileAppeal(await actorOf(who), path.examId, body),
}));

/** POST /api/exams/{examId}/candidates/{personId}/appeal-decision — a verifier decides an appeal (R10, R11). */
export const postAppealDecision = httpHandler(api.postAppealDecision, async ({ who, path, body }) =>
  decideAppeal(await staffActorOf(who), path.examId, path.personId, body),
);
