/** Reads of the reference data in the catalog table (exams, departments, staff accounts). */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import type { Department } from '../domain/departments.js';
import { notFound } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import type { StaffPrincipal } from '../domain/principal.js';
import { ddb, tableName } from './db.js';

export async function getExam(examId: string): Promise<Exam | undefined> {
  const r = await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: keys.exam(examId) }));
  return r.Item as Exam | undefined;
}

export async function listExams(): Promise<Exam[]> {
  const out: Exam[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('catalog'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.exam('').pk },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((r.Items ?? []) as Exam[]));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function getDepartment(deptId: string): Promise<Department | undefined> {
  const r = await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: keys.department(deptId) }));
  return r.Item as Department | undefined;
}

/** The caller's department; a token naming a department that does not exist is refused. */
export async function departmentOf(who: StaffPrincipal): Promise<Department> {
  const d = await getDepartment(who.deptId);
  if (!d) throw notFound('所属部门');
  return d;
}
