/**
 * The reports to hr — round 1 (R7) and the supplementary round (R13); the rules in
 * functions/domain/reports.ts — made by a job: each step reads
 * one page of a city's candidates and writes its lines to a part file named by the step (so a step run
 * again writes the same part), adding the counts to the job's tally; the last step joins the parts into
 * the report's CSV and XLSX (exceljs's streaming writer: flat memory at 200,000 lines) and records the
 * counts on the report (the steps: ./report-step.ts, for the job worker only). The sweep starts each by itself once its deadline has passed (round 1's
 * verificationDue, the supplementary round's supplementaryDue); the provincial verifier (or hr) may
 * make one at any time.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import type { TransferReceipt } from '../domain/collection.js';
import { authorize, type Department, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import type { Job, JobSpec } from '../domain/jobs.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { type ReportKind, type reportCounts, reportSpecs, scheduledReportKinds } from '../domain/reports.js';
import { deadlineText } from '../domain/wording.js';
import { loadCalendar } from '../lib/calendar.js';
import { getExam, listExams } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { readAll } from '../lib/downloads.js';
import { newId } from '../lib/ids.js';
import { logger } from '../lib/logger.js';
import { actorLabel, type StaffActor } from './actor.js';
import { announce, CITIES, prepareJob } from './jobs.js';

export type Step = { job: Job; also: TxItem[]; announce: Job[] };
export const PAGE = 200;

export interface Report {
  reportId: string;
  examId: string;
  kind: ReportKind;
  /** who asked for it: a department, or the schedule at the due day */
  by: { deptId: string; deptName: string } | { schedule: true };
  at: string;
  status: 'making' | 'done';
  /** the deadline it reports on: round 1's verificationDue, or supplementaryDue */
  due: string;
  counts?: ReturnType<typeof reportCounts>;
  doneAt?: string;
  /** R20: hr's receipt of a transfer register */
  receipt?: TransferReceipt & { deptName: string };
}

export const dir = (r: Pick<Report, 'examId' | 'reportId'>) => `reports/${r.examId}/${r.reportId}`;
export const partKey = (r: Report, seq: number) => `${dir(r)}/parts/${String(seq).padStart(8, '0')}.csv`;
export const reportFileKey = (r: Pick<Report, 'examId' | 'reportId' | 'kind'>, format: 'csv' | 'xlsx') =>
  `${dir(r)}/${r.kind ?? 'round1'}.${format}`;

export async function readReport(examId: string, reportId: string): Promise<Report | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('catalog'),
      Key: keys.report(examId, reportId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<Report>(r.Item) : undefined;
}

/** Who may make or read an exam's report: hr, and the exam's provincial verifier (or association). */
function mayReport(dept: Department, exam: Exam): boolean {
  return seesExamType(dept, exam.examType) && dept.kind !== 'municipalVerifier';
}

async function reportExam(actor: StaffActor, examId: string): Promise<Exam> {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  if (!mayReport(actor.dept, exam))
    throw new DomainError('FORBIDDEN', '首轮核查报告由省级核查部门报送人社部门（R7）');
  return exam;
}

/** The deadline a report of this kind reports on. */
const dueOf = (kind: ReportKind, s: ReturnType<typeof examScheduleOf>['schedule']) =>
  kind === 'custody' || kind === 'transfer'
    ? s.custodyEnds.endsAt
    : kind === 'supplementary'
      ? s.supplementaryDue.endsAt
      : s.verificationDue.endsAt;

/** A report and its job, written together; `reportId` fixed for the one the schedule makes (so once). */
async function startReport(exam: Exam, kind: ReportKind, by: Report['by'], actor: string, reportId: string) {
  const { schedule } = examScheduleOf(await loadCalendar(), exam);
  const report: Report = {
    reportId,
    examId: exam.id,
    kind,
    by,
    at: now().toISOString(),
    status: 'making',
    due: dueOf(kind, schedule),
  };
  const spec: Omit<JobSpec, 'sourceCount'> & { sourceCount: number } = {
    kind: 'report',
    action: `${kind}Report`,
    cause: `report.${reportId}`,
    actor,
    examId: exam.id,
    scope: { examIds: [exam.id] },
    sourceCount: CITIES.length + 1,
  };
  const { job, item } = prepareJob(spec);
  await transact(
    [
      item,
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.report(exam.id, reportId), ...report, jobId: job.jobId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    {
      audit: {
        subject: `EXAM#${exam.id}`,
        action: `report.${kind}`,
        actor,
        details: { reportId, rule: reportSpecs[kind].rule },
      },
      conflict: '该报告已在生成',
    },
  );
  await announce(job);
  return { reportId, jobId: job.jobId, status: report.status };
}

/** POST …/reports/round1 | …/reports/supplementary: the provincial verifier (or hr) makes the report now. */
export async function requestReport(actor: StaffActor, examId: string, kind: ReportKind) {
  const exam = await reportExam(actor, examId);
  if (kind === 'custody' || kind === 'transfer') {
    // R20: the provincial verifier keeps the custody register and registers the transfer to hr
    authorize(actor.dept, 'custody.transfer', { examType: exam.examType });
    const { schedule } = examScheduleOf(await loadCalendar(), exam);
    if (kind === 'transfer' && Date.parse(schedule.custodyEnds.endsAt) > now().getTime())
      throw new DomainError(
        'CONFLICT',
        `证书保管期至${deadlineText(schedule.custodyEnds.endsAt)}，届满后方可登记造册移交人社部门（R20）`,
        { deadline: schedule.custodyEnds.endsAt, rule: 'R20' },
      );
  }
  return startReport(
    exam,
    kind,
    { deptId: actor.dept.id, deptName: actor.dept.name },
    actorLabel(actor),
    newId(now()),
  );
}

/**
 * The scheduled part (the sweep): every exam whose round 1 is due gets its round-1 report, once —
 * waiting in hr's console on the due day (R7); and once supplementaryDue has passed, its supplementary
 * report (R13). Exams are tens: one small catalog partition.
 */
export async function reportDueExams(): Promise<number> {
  const cal = await loadCalendar();
  let started = 0;
  for (const exam of await listExams()) {
    const { schedule } = examScheduleOf(cal, exam);
    for (const kind of scheduledReportKinds) {
      if (Date.parse(dueOf(kind, schedule)) > now().getTime()) continue;
      const reportId = `${kind}-${exam.id}`.toLowerCase();
      if (await readReport(exam.id, reportId)) continue;
      try {
        await startReport(exam, kind, { schedule: true }, 'system:schedule', reportId);
        started++;
      } catch (e) {
        logger.warn('report not started', { examId: exam.id, kind, error: (e as Error).message });
      }
    }
  }
  return started;
}

/**
 * R20: hr records receipt of an exam's transfer register, with its reference (the hand-over document):
 * on the register and as the exam's receipt (the portal reads it: 已移交), with the audit record; once.
 */
export async function receiveTransfer(
  actor: StaffActor,
  examId: string,
  reportId: string,
  reference: string,
) {
  authorize(actor.dept, 'custody.receive');
  const report = await examReport(actor, examId, reportId);
  if (report.kind !== 'transfer') throw notFound('移交登记册');
  if (report.status !== 'done' || !report.doneAt)
    throw new DomainError('CONFLICT', '移交登记册尚在生成，请稍后再试');
  const receipt: TransferReceipt = { reference, receivedAt: now().toISOString(), listedUpTo: report.doneAt };
  await transact(
    [
      {
        Update: {
          TableName: tableName('catalog'),
          Key: keys.report(examId, reportId),
          UpdateExpression: 'SET receipt = :r',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(receipt)',
          ExpressionAttributeValues: { ':r': { ...receipt, deptName: actor.dept.name } },
        },
      },
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.transferReceipt(examId), ...receipt, reportId, examId },
        },
      },
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'custody.received',
        actor: actorLabel(actor),
        details: { rule: 'R20', reportId, reference, listed: report.counts?.total.total ?? 0 },
      },
      conflict: '该移交登记册已记录接收',
    },
  );
  return { ...receipt, reportId };
}

/** An exam's reports, newest first. */
export async function examReports(actor: StaffActor, examId: string) {
  await reportExam(actor, examId);
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.report(examId, '').pk },
    }),
  );
  const items = (r.Items ?? []).map((i) => fromItem<Report>(i));
  return { items: items.sort((a, b) => b.at.localeCompare(a.at)) };
}

/** One report with its counts. */
export async function examReport(actor: StaffActor, examId: string, reportId: string) {
  await reportExam(actor, examId);
  const report = await readReport(examId, reportId);
  if (!report) throw notFound('报告');
  return report;
}

/** One report's list as CSV or XLSX (a download), named by its kind (another kind's name: 404). */
export async function reportFile(
  actor: StaffActor,
  examId: string,
  reportId: string,
  file: { kind: ReportKind; format: 'csv' | 'xlsx' },
) {
  const { format } = file;
  const report = await examReport(actor, examId, reportId);
  if ((report.kind ?? 'round1') !== file.kind) throw notFound('报告文件');
  if (report.status !== 'done') throw new DomainError('CONFLICT', '报告尚在生成，请稍后再试');
  const bytes = await readAll(reportFileKey(report, format));
  if (!bytes) throw notFound('报告文件');
  return bytes;
}
