import { staffActorOf } from '../acts/actor.js';
import { recordExamEvent } from '../acts/exam-events.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/exam-events.js';

/**
 * POST /api/exams/{examId}/events — the provincial verifier records an exam-wide event (R9, R13, N3), and hr the issuance of the electronic certificates (R17);
 * every candidate waiting for it is brought up to date by a job: 202 with the job to follow.
 */
export const postExamEvent = httpHandler(api.postExamEvent, async ({ who, path, body }) => ({
  status: 202,
  body: await recordExamEvent(await staffActorOf(who), path.examId, body.kind, body),
}));
