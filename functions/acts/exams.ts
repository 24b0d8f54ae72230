/** Reading exams: the ones a department sees (R1), one with its schedule and missing calendar years (T3). */
import { seesExamType } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { describeExam } from '../domain/exams.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { loadCalendar } from '../lib/calendar.js';
import { getExam, listExams } from '../lib/catalog.js';
import type { StaffActor } from './actor.js';

export async function examsFor(actor: StaffActor) {
  const exams = (await listExams()).filter((e) => seesExamType(actor.dept, e.examType));
  exams.sort((a, b) => b.scoreRelease.localeCompare(a.scoreRelease));
  return { items: exams.map(describeExam) };
}

export async function examDetail(actor: StaffActor, examId: string) {
  const [exam, cal] = await Promise.all([getExam(examId), loadCalendar()]);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  return { ...describeExam(exam), ...examScheduleOf(cal, exam) };
}
