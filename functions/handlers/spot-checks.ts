/** Random spot checks of an exam's candidates (functions/acts/spot-checks.ts): draw, list, one draw. */
import { staffActorOf } from '../acts/actor.js';
import { spotDrawDetail, spotDraws, startSpotDraw } from '../acts/spot-checks.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/spot-checks.js';

/** POST /api/exams/{examId}/spot-checks — draw N candidates from a filter with a seed (R23, R24). */
export const postSpotCheck = httpHandler(api.postSpotCheck, async ({ who, path, body }) => ({
  status: 202,
  body: await startSpotDraw(await staffActorOf(who), path.examId, body),
}));

/** GET /api/exams/{examId}/spot-checks — the exam's draws. */
export const listSpotChecks = httpHandler(api.listSpotChecks, async ({ who, path }) =>
  spotDraws(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/spot-checks/{drawId} — one draw and its sample. */
export const getSpotCheck = httpHandler(api.getSpotCheck, async ({ who, path }) =>
  spotDrawDetail(await staffActorOf(who), path.examId, path.drawId),
);
