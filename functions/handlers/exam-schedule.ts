import * as z from 'zod';
import { keys } from '../data/tables.js';
import { maySetSchedule, seesExamType } from '../domain/departments.js';
import { forbidden, notFound } from '../domain/errors.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { parseScheduleOverrides } from '../domain/schedule.js';
import { loadCalendar } from '../lib/calendar.js';
import { departmentOf, getExam as readExam } from '../lib/catalog.js';
import { tableName, writeWithAudit } from '../lib/db.js';
import { replanExam } from '../lib/fanout.js';
import { httpHandler } from '../lib/http.js';
import { examIdPath, examView } from './exams.js';

/**
 * PUT /api/exams/{examId}/schedule — the exam's departures from the notice's defaults, with the reason
 * (R6 notice period, never below 10 days; R8 report deadline of a provincial joint exam; R11, R18
 * periods; T5 working-day notice). The whole schedule is checked before anything is saved; waiting
 * lifecycles then re-plan with the new deadlines.
 */
export const putExamSchedule = httpHandler(
  { access: 'staff', path: examIdPath, body: z.unknown() },
  async ({ who, path, body }) => {
    const [dept, exam, cal] = await Promise.all([departmentOf(who), readExam(path.examId), loadCalendar()]);
    if (!exam || !seesExamType(dept, exam.examType)) throw notFound('考试');
    if (!maySetSchedule(dept, exam.examType))
      throw forbidden('只有人社厅和省级资格核查部门可以调整考试时间节点（R6、R8）');
    const overrides = parseScheduleOverrides(body);
    const next = { ...exam, overrides };
    const result = examScheduleOf(cal, next); // throws VALIDATION (naming the rule) before anything is written
    await writeWithAudit(
      [
        {
          Update: {
            TableName: tableName('catalog'),
            Key: keys.exam(exam.id),
            UpdateExpression: 'SET overrides = :o',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':o': overrides },
          },
        },
      ],
      {
        subject: `EXAM#${exam.id}`,
        action: 'exam.scheduleSet',
        actor: `staff:${who.username}`,
        details: { overrides, before: exam.overrides ?? null },
      },
    );
    const replanned = await replanExam(exam.id, `staff:${who.username}`);
    return { ...examView(next), ...result, replanned: replanned.done };
  },
);
