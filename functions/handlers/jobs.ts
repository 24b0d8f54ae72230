import { staffActorOf } from '../acts/actor.js';
import { examJobs, jobDetail } from '../acts/jobs.js';
import { httpHandler } from '../lib/http.js';
import { api } from '../routes/jobs.js';

/** GET /api/jobs/{jobId} — a job's progress (staff who see its exam). */
export const getJob = httpHandler(api.getJob, async ({ who, path }) =>
  jobDetail(await staffActorOf(who), path.jobId),
);

/** GET /api/exams/{examId}/jobs — an exam's recent jobs, newest first. */
export const listExamJobs = httpHandler(api.listExamJobs, async ({ who, path }) =>
  examJobs(await staffActorOf(who), path.examId),
);
