import * as z from 'zod';
import { mayRecordExamEvent, seesExamType } from '../domain/departments.js';
import { forbidden, notFound } from '../domain/errors.js';
import { departmentOf, getExam } from '../lib/catalog.js';
import { examEvents, recordExamEvent } from '../lib/fanout.js';
import { httpHandler } from '../lib/http.js';
import { examIdPath } from './exams.js';

const body = z.object({
  kind: z.enum(Object.keys(examEvents) as [keyof typeof examEvents, ...(keyof typeof examEvents)[]], {
    error:
      '事件应为 resultsAnnounced（核查结果公告）、supplementaryAnnounced（补充核查结果公告）或 certificatesArrived（证书到达）',
  }),
});

/**
 * POST /api/exams/{examId}/events — the provincial verifier records an exam-wide event (R9 result
 * announcement, R13 supplementary result announcement, N3 certificates arrived). It is recorded once;
 * every candidate waiting for it is then brought up to date and their lifecycle woken. Running it
 * again finishes an interrupted broadcast.
 */
export const postExamEvent = httpHandler(
  { access: 'staff', path: examIdPath, body },
  async ({ who, path, body: b }) => {
    const [dept, exam] = await Promise.all([departmentOf(who), getExam(path.examId)]);
    if (!exam || !seesExamType(dept, exam.examType)) throw notFound('考试');
    if (!mayRecordExamEvent(dept, exam.examType))
      throw forbidden('只有省级资格核查部门可以发布公告或登记证书到达（R9、R13、R16）');
    const report = await recordExamEvent(exam.id, b.kind, `staff:${who.username}`);
    return {
      kind: b.kind,
      rule: examEvents[b.kind].rule,
      reached: report.done,
      failed: report.failed.length,
    };
  },
);
