/**
 * The joint public notice of an exam's passing list (R6, functions/domain/notices.ts): the provincial
 * verifier (or association) drafts it, hr confirms it — both departments named — each step with its
 * audit record. Publishing starts the job that renders its public pages (functions/acts/notice-site.ts).
 */

import { keys } from '../data/tables.js';
import { authorize, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import {
  checkNoticeDrafter,
  confirmNotice,
  type Notice,
  type NoticeInput,
  prepareNotice,
} from '../domain/notices.js';
import { loadCalendar } from '../lib/calendar.js';
import { getExam, getNotice } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { tableName, transact } from '../lib/db.js';
import { actorLabel, type StaffActor } from './actor.js';
import { announce, prepareJob } from './jobs.js';
import { renderNoticeJob } from './notice-site.js';

async function noticeExam(actor: StaffActor, examId: string) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  authorize(actor.dept, 'notice.publish', { examType: exam.examType });
  return exam;
}

const put = (n: Notice, condition: string, values?: Record<string, unknown>) => ({
  Put: {
    TableName: tableName('catalog'),
    Item: { ...keys.notice(n.examId), ...n },
    ConditionExpression: condition,
    ...(values ? { ExpressionAttributeValues: values, ExpressionAttributeNames: { '#s': 'status' } } : {}),
  },
});

/** PUT …/notice: the provincial verifier (or association) drafts the notice, or redrafts it until it is published. */
export async function draftNotice(actor: StaffActor, examId: string, input: NoticeInput): Promise<Notice> {
  const exam = await noticeExam(actor, examId);
  // who may draft, before anything about the notice itself is told (R6)
  checkNoticeDrafter(actor.dept);
  const existing = await getNotice(examId);
  if (existing && existing.status !== 'draft')
    throw new DomainError('CONFLICT', '公示已发布，不能再修改', {
      fields: [{ field: 'text', message: '公示已发布' }],
    });
  const { schedule } = examScheduleOf(await loadCalendar(), exam);
  const n = prepareNotice(
    {
      noticeId: `${examId}-N1`,
      examId,
      dept: actor.dept,
      username: actor.username,
      ends: schedule.noticeEnds,
    },
    input,
    now(),
  );
  await transact(
    [existing ? put(n, '#s = :draft', { ':draft': 'draft' }) : put(n, 'attribute_not_exists(pk)')],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'notice.drafted',
        actor: actorLabel(actor),
        details: { noticeId: n.noticeId },
      },
      conflict: '公示刚被他人修改或已发布，请刷新后重试',
    },
  );
  return n;
}

/** POST …/notice/publish: hr confirms the draft; the notice is published jointly. */
export async function publishNotice(actor: StaffActor, examId: string): Promise<Notice> {
  await noticeExam(actor, examId);
  const draft = await getNotice(examId);
  if (!draft) throw notFound('公示草稿');
  const published = confirmNotice(draft, actor.dept, actor.username, now());
  // its public pages are long work (a page per 100 candidates): a job, started with the publication
  const render = prepareJob(renderNoticeJob(examId, actorLabel(actor), 'notice.published'));
  await transact([put(published, '#s = :draft', { ':draft': 'draft' }), render.item], {
    audit: {
      subject: `EXAM#${examId}`,
      action: 'notice.published',
      actor: actorLabel(actor),
      details: { noticeId: published.noticeId, preparedBy: published.preparedBy.deptId },
    },
    conflict: '该公示已发布',
  });
  await announce(render.job);
  return published;
}

/** GET …/notice: the exam's notice, for staff who see the exam. */
export async function noticeOf(actor: StaffActor, examId: string): Promise<Notice> {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  const n = await getNotice(examId);
  if (!n) throw notFound('公示');
  return n;
}
