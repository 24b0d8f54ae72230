import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import { candidateDeadlines } from '../domain/lifecycle.js';
import { lifecycleView, publicCandidateView } from '../domain/views.js';
import { loadCalendar } from '../lib/calendar.js';
import { departmentOf, getExam } from '../lib/catalog.js';
import { ddb, tableName } from '../lib/db.js';
import { httpHandler } from '../lib/http.js';

/** GET /api/me — a candidate's own records across exams, or a staff member's department. */
export const getMe = httpHandler({ access: 'any' }, async ({ who }) => {
  if (who.kind === 'staff') {
    const dept = await departmentOf(who);
    return { kind: 'staff', username: who.username, role: who.role, department: dept };
  }
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.candidate(who.personId, '').pk },
    }),
  );
  const records = (r.Items ?? []) as Candidate[];
  const [exams, cal] = await Promise.all([
    Promise.all(records.map((c) => getExam(c.examId))),
    loadCalendar(),
  ]);
  return {
    kind: 'candidate',
    personId: who.personId,
    records: records.map((c, i) => {
      const exam = exams[i];
      return {
        ...publicCandidateView(c),
        ...(exam ? lifecycleView(c, exam, candidateDeadlines(cal, exam, c)) : {}),
        exam: exam ?? null,
      };
    }),
  };
});
