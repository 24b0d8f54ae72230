import { staffActorOf } from '../acts/actor.js';
import { examDetail, examsFor } from '../acts/exams.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/exams.js';

/** GET /api/exams — the exams the caller's department sees (R1). */
export const listExams = httpHandler(api.listExams, async ({ who }) => examsFor(await staffActorOf(who)));

/** GET /api/exams/{examId} — the exam with its schedule and missing calendar years (T3). */
export const getExam = httpHandler(api.getExam, async ({ who, path }) =>
  examDetail(await staffActorOf(who), path.examId),
);
