/**
 * Exam administration by `hr` (R1): create a sitting (its id `{examType}-{year}`, then `-2`, `-3` …),
 * correct it, and preview its schedule (every deadline with its rule) before saving. The schedule is
 * computed and checked (R6, R7/R8, R11, R18, R20; T1–T5) before anything is written; a change of dates
 * lets waiting lifecycles re-plan, as a job in the same transaction.
 */
import { keys } from '../data/tables.js';
import { authorize } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import {
  cutoffProblem,
  describeExam,
  type Exam,
  type ExamInput,
  editProblem,
  examFrom,
  nextExamId,
} from '../domain/exams.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { loadCalendar } from '../lib/calendar.js';
import { examUpdate, getExam, listExams, versionCondition, versionValue } from '../lib/catalog.js';
import { tableName, transact } from '../lib/db.js';
import { actorLabel, type StaffActor } from './actor.js';
import { announce, prepareJob } from './jobs.js';
import { replanJob } from './lifecycle.js';

/** A new exam item, only if its id is free. */
const examPut = (exam: Exam) => ({
  Put: {
    TableName: tableName('catalog'),
    Item: { ...keys.exam(exam.id), ...exam },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The schedule, refused (VALIDATION naming the field) when the dates or the supplementary cut-off do not hold. */
function scheduleChecked(cal: Awaited<ReturnType<typeof loadCalendar>>, exam: Exam) {
  const s = examScheduleOf(cal, exam);
  // R11, R12: an earlier cut-off for supplementary submissions is not after supplementaryDue
  const problem = cutoffProblem(exam, s.schedule.supplementaryDue.date);
  if (problem) throw new DomainError('VALIDATION', problem.message, { fields: [problem] });
  return s;
}

const sameCutoff = (a: Exam['supplementaryCutoff'], b: Exam['supplementaryCutoff']) =>
  a?.date === b?.date && a?.reason === b?.reason;

/** The schedule an exam would have: every deadline with its rule; VALIDATION naming the field if the dates do not hold. */
export async function previewSchedule(actor: StaffActor, input: ExamInput, examId?: string) {
  authorize(actor.dept, 'exam.administer');
  const before = examId ? await getExam(examId) : undefined;
  if (examId && !before) throw notFound('考试');
  const taken = examId ? new Set<string>() : new Set((await listExams()).map((e) => e.id));
  const exam = examFrom(input, examId ?? nextExamId(input.examType, input.year, taken), before);
  return { ...describeExam(exam), ...scheduleChecked(await loadCalendar(), exam) };
}

/** hr creates a sitting; its id is the first free `{examType}-{year}[-n]`. */
export async function createExam(actor: StaffActor, input: ExamInput) {
  authorize(actor.dept, 'exam.administer');
  const cal = await loadCalendar();
  const by = actorLabel(actor);
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = new Set((await listExams()).map((e) => e.id));
    const exam = examFrom(input, nextExamId(input.examType, input.year, taken));
    const schedule = scheduleChecked(cal, exam); // VALIDATION before anything is written
    try {
      await transact([examPut(exam)], {
        audit: { subject: `EXAM#${exam.id}`, action: 'exam.created', actor: by, details: { exam } },
      });
      return { status: 201, body: { ...describeExam(exam), ...schedule } };
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e; // the id was taken a moment ago: take the next one
    }
  }
  throw new ConflictError('同时新建的考试过多，请稍后重试');
}

/** hr corrects a sitting: its name, and its dates until the result announcement (R9). */
export async function updateExam(actor: StaffActor, examId: string, input: ExamInput) {
  authorize(actor.dept, 'exam.administer');
  const [before, cal] = await Promise.all([getExam(examId), loadCalendar()]);
  if (!before) throw notFound('考试');
  // a form filled from an older state of the exam: someone changed it since (409, nothing written)
  const current = (before as Exam & { version?: number }).version ?? 0;
  if (input.version !== undefined && input.version !== current)
    throw new DomainError('CONFLICT', '考试信息已被他人修改，请刷新后重新填写', {
      fields: [{ field: 'version', message: '考试信息已被他人修改，请刷新后重新填写' }],
    });
  const problem = editProblem(before, input);
  if (problem) {
    const code = problem.field === 'scoreRelease' ? 'CONFLICT' : 'VALIDATION';
    throw new DomainError(code, problem.message, { fields: [problem] });
  }
  const exam = examFrom(input, examId, before);
  const schedule = scheduleChecked(cal, exam);
  const by = actorLabel(actor);
  // only the fields hr edits, so an announcement or a schedule change made meanwhile is kept; the
  // dates change only while no result announcement is recorded (checked in the same write), and
  // never past a schedule change made since the exam was read (checked against what was read)
  const datesChanged =
    exam.examEnd !== before.examEnd ||
    exam.scoreRelease !== before.scoreRelease ||
    exam.noticePublished !== before.noticePublished;
  // R12: a new supplementary cut-off moves the waiting candidates' deadline: they re-plan too
  const cutoffChanged = !sameCutoff(exam.supplementaryCutoff, before.supplementaryCutoff);
  const replan = datesChanged || cutoffChanged ? prepareJob(replanJob([examId], by, 'exam.updated')) : null;
  const set = [
    '#n = :n, examEnd = :e, scoreRelease = :s',
    ...(exam.noticePublished ? ['noticePublished = :p'] : []),
    ...(exam.supplementaryCutoff ? ['supplementaryCutoff = :c'] : []),
  ];
  const remove = [
    ...(exam.noticePublished ? [] : ['noticePublished']),
    ...(exam.supplementaryCutoff ? [] : ['supplementaryCutoff']),
  ];
  const update = examUpdate(
    examId,
    `SET ${set.join(', ')} ADD version :one${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    {
      ':n': exam.name,
      ':e': exam.examEnd,
      ':s': exam.scoreRelease,
      ':one': 1,
      ...(exam.noticePublished ? { ':p': exam.noticePublished } : {}),
      ...(exam.supplementaryCutoff ? { ':c': exam.supplementaryCutoff } : {}),
      ...versionValue(before),
    },
    {
      names: { '#n': 'name' },
      condition: [
        versionCondition(before),
        ...(datesChanged ? ['attribute_not_exists(resultsAnnouncedAt)'] : []),
      ].join(' AND '),
    },
  );
  await transact([update, ...(replan ? [replan.item] : [])], {
    audit: {
      subject: `EXAM#${examId}`,
      action: 'exam.updated',
      actor: by,
      details: { before, after: exam, ...(replan ? { jobId: replan.job.jobId } : {}) },
    },
    conflict: '考试信息已被修改（他人修改了日期或时间节点，或核查结果公告已发布），请刷新后重试',
  });
  if (replan) await announce(replan.job);
  // the version as saved (one up), so a client that edits again from this answer is not refused
  return { ...describeExam(exam), version: current + 1, ...schedule, replanJobId: replan?.job.jobId ?? null };
}
