import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../data/tables.js';
import { type Candidate, candidateStatuses } from '../domain/candidate.js';
import { accessToCandidate, cityScope, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { candidateDeadlines } from '../domain/lifecycle.js';
import { henanCities } from '../domain/regions.js';
import { lifecycleView, publicCandidateView, staffCandidateView } from '../domain/views.js';
import { loadCalendar } from '../lib/calendar.js';
import { departmentOf, getExam } from '../lib/catalog.js';
import { ddb, tableName } from '../lib/db.js';
import { httpHandler } from '../lib/http.js';
import { examIdPath } from './exams.js';

const listQuery = z.object({
  city: z
    .string()
    .regex(/^\d{4}$/, '城市代码应为4位数字')
    .optional(),
  status: z.enum(candidateStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});

interface Cursor {
  /** index into the list of cities being walked */
  c: number;
  k?: Record<string, unknown>;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string | undefined): Cursor {
  if (!s) return { c: 0 };
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    if (typeof v.c !== 'number') throw new Error();
    return v;
  } catch {
    throw new DomainError('VALIDATION', '分页参数无效，请从第一页重新开始', {
      fields: [{ field: 'query.cursor', message: '分页参数无效' }],
    });
  }
}

/**
 * GET /api/exams/{examId}/candidates — the work queue of one exam, one city partition at a time
 * (byExamCity index), paged on the server. A municipal verifier only ever reads its own city (R1).
 */
export const listCandidates = httpHandler(
  { access: 'staff', path: examIdPath, query: listQuery },
  async ({ who, path, query }) => {
    const [dept, exam] = await Promise.all([departmentOf(who), getExam(path.examId)]);
    if (!exam || !seesExamType(dept, exam.examType)) throw notFound('考试');
    const own = cityScope(dept);
    if (own && query.city && query.city !== own) throw new DomainError('FORBIDDEN', '只能查看本市考生');
    const cities = own ? [own] : query.city ? [query.city] : [...henanCities.keys()];
    const cursor = decodeCursor(query.cursor);
    const items: Candidate[] = [];
    let c = cursor.c;
    let start = cursor.k;
    while (c < cities.length && items.length < query.limit) {
      const r = await ddb.send(
        new QueryCommand({
          TableName: tableName('candidates'),
          IndexName: 'byExamCity',
          KeyConditionExpression: query.status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :st)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': keys.candidateQueue(exam.id, cities[c] as string, '', '').gsi1pk,
            ...(query.status ? { ':st': `${query.status}#` } : {}),
          },
          Limit: query.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((r.Items ?? []) as Candidate[]));
      start = r.LastEvaluatedKey;
      if (!start) c += 1;
    }
    const next = c < cities.length ? encodeCursor({ c, ...(start ? { k: start } : {}) }) : null;
    const cal = await loadCalendar();
    return {
      items: items.map((i) => ({
        ...publicCandidateView(i),
        ...lifecycleView(i, exam, candidateDeadlines(cal, exam, i)),
      })),
      nextCursor: next,
    };
  },
);

const candidatePath = examIdPath.extend({
  personId: z.string().regex(/^[a-z2-9]{20}$/, '考生编号格式不正确'),
});

/** GET /api/exams/{examId}/candidates/{personId} — the candidate themself, or staff in scope (R1). */
export const getCandidate = httpHandler({ access: 'any', path: candidatePath }, async ({ who, path }) => {
  if (who.kind === 'candidate' && who.personId !== path.personId) throw notFound('考生记录');
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('candidates'), Key: keys.candidate(path.personId, path.examId) }),
  );
  const cand = r.Item as Candidate | undefined;
  if (!cand) throw notFound('考生记录');
  const [exam, cal] = await Promise.all([getExam(path.examId), loadCalendar()]);
  if (!exam) throw notFound('考试');
  const lifecycle = lifecycleView(cand, exam, candidateDeadlines(cal, exam, cand));
  if (who.kind === 'candidate') return { ...publicCandidateView(cand), ...lifecycle };
  const dept = await departmentOf(who);
  if (accessToCandidate(dept, cand) === 'none') throw notFound('考生记录');
  return { ...staffCandidateView(cand), ...lifecycle };
});
