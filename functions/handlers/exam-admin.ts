import { staffActorOf } from '../acts/actor.js';
import { createExam as create, previewSchedule, updateExam as update } from '../acts/exam-admin.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/exam-admin.js';

/** POST /api/exams — hr creates a sitting (201 with the exam and its schedule). */
export const createExam = httpHandler(api.createExam, async ({ who, body }) =>
  create(await staffActorOf(who), body),
);

/** PUT /api/exams/{examId} — hr corrects a sitting. */
export const updateExam = httpHandler(api.updateExam, async ({ who, path, body }) =>
  update(await staffActorOf(who), path.examId, body),
);

/** POST /api/exams/schedule-preview — the schedule a sitting would have, before saving. */
export const previewExamSchedule = httpHandler(api.previewExamSchedule, async ({ who, body }) =>
  previewSchedule(await staffActorOf(who), body.exam, body.examId),
);
