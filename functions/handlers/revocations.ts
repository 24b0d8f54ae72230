import { actorOf } from '../acts/actor.js';
import {
  approveRevocation,
  decideRevocation,
  defendRevocation,
  getRevocation as getCase,
  openRevocation,
  serveRevocationProposal,
} from '../acts/revocations.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/revocations.js';

/** POST /api/exams/{examId}/candidates/{personId}/revocations — open a case (R14, R15). */
export const postRevocation = httpHandler(api.postRevocation, async ({ who, path, body }) =>
  openRevocation(await actorOf(who), path.examId, path.personId, body),
);

/** GET /api/revocations/{caseId} — a case, for its parties (N1). */
export const getRevocation = httpHandler(api.getRevocation, async ({ who, path }) =>
  getCase(await actorOf(who), path.caseId),
);

/** POST /api/revocations/{caseId}/proposal — serve the proposed decision (N1). */
export const postProposal = httpHandler(api.postRevocationProposal, async ({ who, path, body }) =>
  serveRevocationProposal(await actorOf(who), path.caseId, body),
);

/** POST /api/revocations/{caseId}/defence — the candidate's statement and defence, or a waiver (N1). */
export const postDefence = httpHandler(api.postRevocationDefence, async ({ who, path, body }) =>
  defendRevocation(await actorOf(who), path.caseId, body),
);

/** POST /api/revocations/{caseId}/decision — the decision, by the proposer's department (N1). */
export const postDecision = httpHandler(api.postRevocationDecision, async ({ who, path, body }) =>
  decideRevocation(await actorOf(who), path.caseId, body),
);

/** POST /api/revocations/{caseId}/approval — the four-eyes approval; a revocation takes effect (R14, N1). */
export const postApproval = httpHandler(api.postRevocationApproval, async ({ who, path, body }) =>
  approveRevocation(await actorOf(who), path.caseId, body),
);
