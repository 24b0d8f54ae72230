import { staffActorOf } from '../acts/actor.js';
import { setExamSchedule } from '../acts/exam-schedule.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/exam-schedule.js';

/** PUT /api/exams/{examId}/schedule — departures from the notice's defaults, with the reason (R6, R8, R11, R18, T5). */
export const putExamSchedule = httpHandler(api.putExamSchedule, async ({ who, path, body }) =>
  setExamSchedule(await staffActorOf(who), path.examId, body),
);
