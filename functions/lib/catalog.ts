/** Reads of the reference data in the catalog table (exams, departments, staff accounts). */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import type { Department } from '../domain/departments.js';
import type { Exam } from '../domain/exams.js';
import type { Notice } from '../domain/notices.js';
import type { StaffAccountRecord } from '../domain/staff.js';
import { ddb, type TxItem, tableName } from './db.js';

async function getItem<T>(key: Record<string, string>, consistent = false): Promise<T | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('catalog'),
      Key: key,
      ...(consistent ? { ConsistentRead: true } : {}),
    }),
  );
  return r.Item ? fromItem<T>(r.Item) : undefined;
}

/** Every item of a small catalog partition (exams, calendar years): tens of items, paged anyway. */
export async function catalogPartition<T>(pk: string): Promise<T[]> {
  const out: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('catalog'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(r.Items ?? []).map((i) => fromItem<T>(i)));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export const getExam = (examId: string) => getItem<Exam>(keys.exam(examId));
/** The exam as last written (a strongly consistent read: after a write that lost a race to it). */
export const getExamNow = (examId: string) => getItem<Exam>(keys.exam(examId), true);
export const listExams = () => catalogPartition<Exam>(keys.exam('').pk);
export const getNotice = (examId: string) => getItem<Notice>(keys.notice(examId));
/** Every exam's notice: one small partition (one notice per exam). */
export const listNotices = () => catalogPartition<Notice>(keys.notice('').pk);
export const getDepartment = (deptId: string) => getItem<Department>(keys.department(deptId));

export const listDepartments = () => catalogPartition<Department>(keys.department('').pk);

/** A staff account as recorded; locally it also holds the password hash (on AWS, Cognito holds it). */
export type StaffAccount = StaffAccountRecord & { passwordHash?: string };
export const getStaffAccount = (username: string) => getItem<StaffAccount>(keys.staff(username));
export const listStaffAccounts = () => catalogPartition<StaffAccount>(keys.staff('').pk);

/** A conditional update of an exam item, for `transact` (the exam must exist). */
export function examUpdate(
  examId: string,
  update: string,
  values: Record<string, unknown>,
  opts: { names?: Record<string, string>; condition?: string } = {},
): TxItem {
  return {
    Update: {
      TableName: tableName('catalog'),
      Key: keys.exam(examId),
      UpdateExpression: update,
      ConditionExpression: ['attribute_exists(pk)', ...(opts.condition ? [opts.condition] : [])].join(
        ' AND ',
      ),
      ...(opts.names ? { ExpressionAttributeNames: opts.names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * An exam's version: every change of its dates or schedule settings counts one up, conditional on the
 * version read, so two changes made at the same time cannot combine into a schedule nobody checked.
 */
export const versionCondition = (e: Exam) =>
  (e as Exam & { version?: number }).version === undefined ? 'attribute_not_exists(version)' : 'version = :v';
export const versionValue = (e: Exam): Record<string, number> => {
  const v = (e as Exam & { version?: number }).version;
  return v === undefined ? {} : { ':v': v };
};
