/**
 * Setting an exam's departures from the notice's defaults, with the reason (R6 notice period, never
 * below 10 days; R8 report deadline of a provincial joint exam; R11, R18 periods; T5 working-day
 * notice). The whole schedule is checked before anything is saved; waiting lifecycles then re-plan
 * (a job, started in the same transaction).
 */
import { authorize, seesExamType } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { describeExam } from '../domain/exams.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import type { ScheduleOverrides } from '../domain/schedule.js';
import { loadCalendar } from '../lib/calendar.js';
import { examUpdate, getExam, versionCondition, versionValue } from '../lib/catalog.js';
import { transact } from '../lib/db.js';
import { actorLabel, type StaffActor } from './actor.js';
import { announce, prepareJob } from './jobs.js';
import { replanJob } from './lifecycle.js';

export async function setExamSchedule(actor: StaffActor, examId: string, overrides: ScheduleOverrides) {
  const [exam, cal] = await Promise.all([getExam(examId), loadCalendar()]);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  authorize(actor.dept, 'exam.setSchedule', { examType: exam.examType });
  const next = { ...exam, overrides };
  const result = examScheduleOf(cal, next); // throws VALIDATION (naming the rule) before anything is written
  const by = actorLabel(actor);
  const replan = prepareJob(replanJob([exam.id], by, 'exam.scheduleSet'));
  // conditional on the exam as read: a date change made meanwhile is not combined with these settings unchecked
  const update = examUpdate(
    exam.id,
    'SET overrides = :o ADD version :one',
    { ':o': overrides, ':one': 1, ...versionValue(exam) },
    { condition: versionCondition(exam) },
  );
  await transact([update, replan.item], {
    audit: {
      subject: `EXAM#${exam.id}`,
      action: 'exam.scheduleSet',
      actor: by,
      details: { overrides, before: exam.overrides ?? null, jobId: replan.job.jobId },
    },
    conflict: '考试信息已被他人修改，请刷新后重试',
  });
  await announce(replan.job);
  return { ...describeExam(next), ...result, replanJobId: replan.job.jobId };
}
