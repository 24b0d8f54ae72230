/**
 * Recording an exam-wide event (R9 result announcement, R13 supplementary result announcement, N3
 * certificates arrived): recorded once on the exam with its audit record, then every candidate waiting
 * for it is brought up to date and woken by a job (functions/acts/jobs.ts). Recording it again runs the
 * broadcast again, which reaches only whoever the first one missed (each catch-up is idempotent); while
 * the exam's last broadcast of it still runs (sent twice at once), that job is the answer, no second one.
 */

import { todayInChina } from '../domain/calendar.js';
import { authorize, seesExamType } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import { checkExamEvent, DEFAULT_ISSUER, type ExamEventKind, examEvents } from '../domain/exam-events.js';
import { isActive, type Job, jobView } from '../domain/jobs.js';
import { examUpdate, getExam, getExamNow } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { type TxItem, transact } from '../lib/db.js';
import { readJob } from '../lib/jobs.js';
import { type Actor, actorLabel } from './actor.js';
import { sealExists } from './certificate-seal.js';
import { announce, prepareJob } from './jobs.js';
import { renderResultsJob } from './result-site-job.js';

/**
 * Recorded before: run the broadcast again (idempotent) to reach whoever it missed — unless the exam's
 * latest broadcast of the event is still queued or running (the same event sent twice at once): then
 * that job is the answer and nothing is written. Conditional on the broadcast the exam names, so of two
 * rebroadcasts at once one starts and the other answers it. Returns the running job, if that is the answer.
 */
async function rebroadcast(
  examId: string,
  kind: ExamEventKind,
  jobField: `${ExamEventKind}Job`,
  item: TxItem,
  jobId: string,
  by: string,
): Promise<Job | undefined> {
  for (let attempt = 1; ; attempt++) {
    const seen = (await getExamNow(examId))?.[jobField];
    const last = seen ? await readJob(seen) : undefined;
    if (last && isActive(last)) return last;
    try {
      await transact(
        [
          examUpdate(
            examId,
            'SET #j = :job',
            { ':job': jobId, ...(seen ? { ':seen': seen } : {}) },
            { names: { '#j': jobField }, condition: seen ? '#j = :seen' : 'attribute_not_exists(#j)' },
          ),
          item,
        ],
        {
          audit: {
            subject: `EXAM#${examId}`,
            action: `exam.${kind}.rebroadcast`,
            actor: by,
            details: { jobId },
          },
        },
      );
      return undefined;
    } catch (err) {
      // another rebroadcast started meanwhile: read it again (it is running now)
      if (!(err instanceof ConflictError) || attempt >= 3) throw err;
    }
  }
}

/** Record the event on the exam (once) with the job that broadcasts it, in one transaction. */
export async function recordExamEvent(
  actor: Actor,
  examId: string,
  kind: ExamEventKind,
  issuance: { issuedOn?: string | undefined; issuer?: string | undefined; seal?: string | undefined } = {},
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
  // R17: the issue date and issuing department every certificate of the issuance carries; the public
  // keys are published by the broadcast job's first step, before it wakes anyone to be signed
  // (functions/acts/job-runner.ts), and made sure of by the IssueElectronic step (not in the request)
  const issued =
    kind === 'certificatesIssued'
      ? {
          issuedOn: issuance.issuedOn ?? todayInChina(now()),
          issuer: issuance.issuer ?? (actor.kind === 'staff' ? actor.dept.name : DEFAULT_ISSUER),
          ...(issuance.seal ? { seal: issuance.seal } : {}),
        }
      : undefined;
  // R17: a seal named must have been uploaded for this exam (postCertificateSeal)
  if (issued?.seal && !(await sealExists(examId, issued.seal)))
    throw new DomainError('VALIDATION', '印章图片未上传或已失效，请重新上传', {
      fields: [{ field: 'seal', message: '印章图片未上传或已失效，请重新上传' }],
    });
  // the broadcast: every candidate waiting for this event is caught up, as a job (never in the request)
  const { job, item } = prepareJob({
    kind: 'examEvent',
    action: 'catchUp',
    cause: `exam.${kind}`,
    actor: by,
    examId,
    scope: { examIds: [examId], waiting: [e.phase] },
  });
  // R9, R13, N4: the result announcements also go on the public site, each rendered by its own job
  const dept = actor.kind === 'staff' ? actor.dept.name : '';
  let page =
    kind === 'resultsAnnounced' || kind === 'supplementaryAnnounced'
      ? prepareJob(renderResultsJob(examId, by, dept, kind === 'supplementaryAnnounced' ? 2 : 1))
      : undefined;
  // the exam keeps its latest broadcast's job: recorded again while that one still runs, it is the answer
  const jobField = `${kind}Job` as const;
  try {
    await transact(
      [
        examUpdate(
          examId,
          `SET #f = :at, #j = :job${issued ? ', certificateIssuance = :issued' : ''}`,
          { ':at': now().toISOString(), ':job': job.jobId, ...(issued ? { ':issued': issued } : {}) },
          { names: { '#f': e.field, '#j': jobField }, condition: 'attribute_not_exists(#f)' },
        ),
        item,
        ...(page ? [page.item] : []),
      ],
      {
        audit: {
          subject: `EXAM#${examId}`,
          action: `exam.${kind}`,
          actor: by,
          details: { rule: e.rule, jobId: job.jobId, ...issued },
        },
      },
    );
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    page = undefined; // published before, with its page
    const running = await rebroadcast(examId, kind, jobField, item, job.jobId, by);
    if (running) return { kind, rule: e.rule, jobId: running.jobId, job: jobView(running) };
  }
  await announce(job);
  if (page) await announce(page.job);
  return { kind, rule: e.rule, jobId: job.jobId, job: jobView(job) };
}
