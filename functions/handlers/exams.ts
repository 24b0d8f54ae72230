import * as z from 'zod';
import { seesExamType } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import { certificateKind, type Exam, examType } from '../domain/exams.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { loadCalendar } from '../lib/calendar.js';
import { departmentOf, getExam as readExam, listExams as readExams } from '../lib/catalog.js';
import { httpHandler } from '../lib/http.js';

export const examIdPath = z.object({ examId: z.string().regex(/^[A-Z0-9-]{3,40}$/, '考试编号格式不正确') });

export function examView(e: Exam) {
  const t = examType(e.examType);
  return {
    ...e,
    examTypeName: t?.name ?? e.examType,
    examTypeNameEn: t?.nameEn ?? e.examType,
    organizer: t?.organizer ?? null,
    certificateKind: t ? certificateKind(t) : null,
  };
}

/** GET /api/exams — the exams the caller's department sees (R1). */
export const listExams = httpHandler({ access: 'staff' }, async ({ who }) => {
  const dept = await departmentOf(who);
  const exams = (await readExams()).filter((e) => seesExamType(dept, e.examType));
  exams.sort((a, b) => b.scoreRelease.localeCompare(a.scoreRelease));
  return { items: exams.map(examView) };
});

/** GET /api/exams/{examId} — the exam with its schedule (every deadline with its rule) and missing calendar years (T3). */
export const getExam = httpHandler({ access: 'staff', path: examIdPath }, async ({ who, path }) => {
  const [dept, exam, cal] = await Promise.all([departmentOf(who), readExam(path.examId), loadCalendar()]);
  if (!exam || !seesExamType(dept, exam.examType)) throw notFound('考试');
  return { ...examView(exam), ...examScheduleOf(cal, exam) };
});
