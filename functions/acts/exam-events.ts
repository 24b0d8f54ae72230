/**
 * Recording an exam-wide event (R9 result announcement, R13 supplementary result announcement, N3
 * certificates arrived): recorded once on the exam with its audit record, then every candidate waiting
 * for it is brought up to date and woken. Recording it again only finishes an interrupted broadcast.
 */
import { authorize, seesExamType } from '../domain/departments.js';
import { ConflictError, notFound } from '../domain/errors.js';
import { checkExamEvent, type ExamEventKind, examEvents } from '../domain/lifecycle.js';
import { examUpdate, getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { transact } from '../lib/db.js';
import { type Actor, actorLabel } from './actor.js';
import { catchUpWaiting, type FanOutOptions } from './lifecycle.js';

/** Record the event on the exam (once), then broadcast it to every waiting candidate. */
export async function recordExamEvent(
  actor: Actor,
  examId: string,
  kind: ExamEventKind,
  opts: FanOutOptions = {},
) {
  const e = examEvents[kind];
  const exam = await getExam(examId);
  if (!exam) throw notFound('考试');
  if (actor.kind === 'candidate') throw notFound('考试');
  if (actor.kind === 'staff') {
    if (!seesExamType(actor.dept, exam.examType)) throw notFound('考试');
    authorize(actor.dept, e.act, { examType: exam.examType });
  }
  checkExamEvent(exam, kind);
  const by = actorLabel(actor);
  try {
    await transact(
      [
        examUpdate(
          examId,
          'SET #f = :at',
          { ':at': now().toISOString() },
          { names: { '#f': e.field }, condition: 'attribute_not_exists(#f)' },
        ),
      ],
      { audit: { subject: `EXAM#${examId}`, action: `exam.${kind}`, actor: by, details: { rule: e.rule } } },
    );
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // already recorded: finish the broadcast
  }
  const report = await catchUpWaiting(examId, [e.phase], by, opts);
  return { kind, rule: e.rule, reached: report.done, failed: report.failed.length };
}
