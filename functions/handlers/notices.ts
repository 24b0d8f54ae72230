/** The joint public notice of an exam (functions/acts/notices.ts): draft, publish, read. */
import { staffActorOf } from '../acts/actor.js';
import { draftNotice, noticeOf, publishNotice } from '../acts/notices.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/notices.js';

/** PUT /api/exams/{examId}/notice — the provincial verifier (or association) drafts the notice (R6). */
export const putNotice = httpHandler(api.putNotice, async ({ who, path, body }) =>
  draftNotice(await staffActorOf(who), path.examId, body),
);

/** POST /api/exams/{examId}/notice/publish — hr confirms it: published jointly (R6). */
export const postNoticePublish = httpHandler(api.postNoticePublish, async ({ who, path }) =>
  publishNotice(await staffActorOf(who), path.examId),
);

/** GET /api/exams/{examId}/notice — the exam's notice. */
export const getNotice = httpHandler(api.getNotice, async ({ who, path }) =>
  noticeOf(await staffActorOf(who), path.examId),
);
