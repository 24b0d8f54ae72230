/**
 * Bulk decisions (R1, R7, R22; the rules in functions/domain/bulk-decisions.ts), in two steps, each a
 * job started in the same transaction as the bulk record's change:
 *
 * - **preview** (`bulkPreview`): walks the exam's verifying candidates city by city (the work-queue
 *   index; a municipal verifier only its own city) taking those the filter takes, or resolves a list's
 *   numbers 100 a step through the byCandidateNo index. Each step writes the candidates it will decide
 *   as one part of the bulk record and adds its counts and rejected rows to the record — in the job's own
 *   transaction, so a step run twice counts once. Nothing is decided.
 * - **confirm** (`bulkDecide`): decides the parts' candidates, a part (≤ 100) a step, from where it
 *   stopped, each through the single decision's path (functions/acts/decisions.ts `decideInBulk`): one
 *   transaction per candidate with its audit record, the lifecycle woken. A candidate this bulk already
 *   decided (a step run again after a crash) is counted as before and written to no more.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import {
  BULK_PAGE,
  type BulkDecision,
  type BulkInput,
  bulkTarget,
  bulkView,
  checkConfirm,
  keepRejected,
  type ListRow,
  listRows,
  MAX_BULK_REJECTED,
  type RejectedRow,
  resolveRow,
} from '../domain/bulk-decisions.js';
import type { Candidate } from '../domain/candidate.js';
import type { DecisionInput } from '../domain/decisions.js';
import { authorize, cityScope, mayReadCandidate, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { Exam } from '../domain/exams.js';
import { afterChunk, type Job, type JobSpec } from '../domain/jobs.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { matchesFilter } from '../domain/spot-checks.js';
import { loadCalendar } from '../lib/calendar.js';
import { candidatesByNumber, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { newId } from '../lib/ids.js';
import { readJob } from '../lib/jobs.js';
import { actorLabel, actorOf, type StaffActor } from './actor.js';
import { decideInBulk } from './decisions.js';
import { announce, CITIES, prepareJob } from './jobs.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };
/** Candidate numbers looked up at once (each one Query of the byCandidateNo index). */
const LOOKUPS_AT_ONCE = 10;
/** Candidates decided at once within a step. */
const DECISIONS_AT_ONCE = 5;

interface Part {
  personIds: string[];
  /** each candidate's number and row (a list's row; by filter, the place in the preview), for failures */
  candidateNos: string[];
  rows: number[];
}

async function readItem<T>(key: Record<string, string>): Promise<T | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('catalog'), Key: key, ConsistentRead: true }),
  );
  return r.Item ? fromItem<T>(r.Item) : undefined;
}
const readBulk = (examId: string, bulkId: string) =>
  readItem<BulkDecision>(keys.bulkDecision(examId, bulkId));

/** The exam's round-1 deadline (R7): the instant it ends. */
async function verificationDue(exam: Exam): Promise<string> {
  return examScheduleOf(await loadCalendar(), exam).schedule.verificationDue.endsAt;
}

/** The exam, if the verifier sees it (R1: else 404), and the act allowed (hr: 403). */
async function examFor(actor: StaffActor, examId: string): Promise<Exam> {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  // R1: a verifier of the exam type decides; a municipal one its own city (checked per candidate)
  authorize(actor.dept, 'candidate.verify', {
    examType: exam.examType,
    ...(actor.dept.kind === 'municipalVerifier' ? { city: actor.dept.city } : {}),
  });
  return exam;
}

/** A bulk decision the caller may follow: its own department's (R1); hr reads every one (R24). */
async function bulkFor(actor: StaffActor, examId: string, bulkId: string, act: 'read' | 'confirm') {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('批量核查');
  const bulk = await readBulk(examId, bulkId);
  const own = bulk?.by.deptId === actor.dept.id;
  if (!bulk || !(own || (act === 'read' && actor.dept.kind === 'hr'))) throw notFound('批量核查');
  return { exam, bulk };
}

function bulkUpdate(
  b: Pick<BulkDecision, 'examId' | 'bulkId'>,
  set: Record<string, unknown>,
  add: Record<string, number> = {},
  condition?: { status: BulkDecision['status'] },
): TxItem {
  const names = [...Object.keys(set), ...Object.keys(add), ...(condition ? ['status'] : [])];
  return {
    Update: {
      TableName: tableName('catalog'),
      Key: keys.bulkDecision(b.examId, b.bulkId),
      UpdateExpression: [
        Object.keys(set).length
          ? `SET ${Object.keys(set)
              .map((n) => `#${n} = :${n}`)
              .join(', ')}`
          : '',
        Object.keys(add).length
          ? `ADD ${Object.keys(add)
              .map((n) => `#${n} :${n}`)
              .join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(Object.entries({ ...set, ...add }).map(([n, v]) => [`:${n}`, v])),
        ...(condition ? { ':expected': condition.status } : {}),
      },
      ...(condition ? { ConditionExpression: '#status = :expected' } : {}),
    },
  };
}

const put = (key: Record<string, string>, item: object): TxItem => ({
  Put: { TableName: tableName('catalog'), Item: { ...key, ...item } },
});

/**
 * POST …/bulk-decisions: the bulk record (state `preview`: counting) and the job that counts whom it
 * would touch. A list's blank, malformed and repeated rows are reported at once; nothing is decided.
 */
export async function startBulkDecision(actor: StaffActor, examId: string, input: BulkInput) {
  const exam = await examFor(actor, examId);
  const due = await verificationDue(exam);
  // R7: after the round-1 deadline no round-1 decision is made, in bulk or one by one
  checkConfirm({ status: 'ready' }, due, now());
  const bulkId = newId(now());
  const { outcome, reasonCode, note } = input;
  const decision: DecisionInput = {
    outcome,
    ...(reasonCode ? { reasonCode } : {}),
    ...(note ? { note } : {}),
  };
  const list = input.candidateNos ? listRows(input.candidateNos) : undefined;
  const sourceCount = list ? Math.ceil(list.rows.length / BULK_PAGE) : CITIES.length;
  const spec: Omit<JobSpec, 'sourceCount'> & { sourceCount: number } = {
    kind: 'bulkDecision',
    action: 'bulkPreview',
    cause: `bulk.${bulkId}`,
    actor: actorLabel(actor),
    examId,
    scope: { examIds: [examId] },
    sourceCount,
  };
  const { job, item } = prepareJob(spec);
  const bulk: BulkDecision = {
    bulkId,
    examId,
    mode: list ? 'list' : 'filter',
    decision,
    ...(input.filter ? { filter: input.filter } : {}),
    ...(input.candidateNos ? { rows: input.candidateNos.length } : {}),
    by: {
      deptId: actor.dept.id,
      deptName: actor.dept.name,
      deptKind: actor.dept.kind,
      username: actor.username,
    },
    at: now().toISOString(),
    // a list of nothing but bad rows has nothing to count
    status: sourceCount ? 'counting' : 'ready',
    willTouch: 0,
    alreadySo: 0,
    rejected: keepRejected([], list?.rejected ?? []),
    rejectedCount: list?.rejected.length ?? 0,
    parts: 0,
    previewJobId: job.jobId,
    done: 0,
    unchanged: 0,
    failed: 0,
    failures: [],
  };
  await transact(
    [
      item,
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.bulkDecision(examId, bulkId), ...bulk },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(list ? [put(keys.bulkPart(examId, bulkId, 'LIST'), { rows: list.rows })] : []),
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'bulkDecision.previewed',
        actor: actorLabel(actor),
        // the reason, never the note (it may carry personal data)
        details: {
          bulkId,
          mode: bulk.mode,
          outcome,
          reasonCode: reasonCode ?? null,
          filter: input.filter ?? null,
          rows: bulk.rows ?? null,
          rule: 'R7, R22',
        },
      },
    },
  );
  await announce(job);
  return bulkView(bulk, false);
}

/** GET …/bulk-decisions/{bulkId}: the state and counts; while counting, willTouch is null. */
export async function bulkDecisionDetail(actor: StaffActor, examId: string, bulkId: string) {
  const { bulk } = await bulkFor(actor, examId, bulkId, 'read');
  const job = await readJob(bulk.jobId ?? bulk.previewJobId);
  return bulkView(bulk, job?.status === 'failed');
}

/**
 * POST …/bulk-decisions/{bulkId}/confirm: the department that asked for it confirms what the preview
 * counted (once; before the R7 deadline, else 409 DEADLINE_PASSED with it) → the job that decides them.
 */
export async function confirmBulkDecision(actor: StaffActor, examId: string, bulkId: string) {
  const { exam, bulk } = await bulkFor(actor, examId, bulkId, 'confirm');
  authorize(actor.dept, 'candidate.verify', {
    examType: exam.examType,
    ...(actor.dept.kind === 'municipalVerifier' ? { city: actor.dept.city } : {}),
  });
  checkConfirm(bulk, await verificationDue(exam), now());
  const spec: Omit<JobSpec, 'sourceCount'> & { sourceCount: number } = {
    kind: 'bulkDecision',
    action: 'bulkDecide',
    cause: `bulk.${bulkId}`,
    actor: actorLabel(actor),
    examId,
    scope: { examIds: [examId] },
    sourceCount: bulk.parts,
  };
  const { job, item } = prepareJob(spec);
  const at = now().toISOString();
  const running = { status: bulk.parts ? 'running' : 'done', jobId: job.jobId, confirmedAt: at } as const;
  await transact(
    [
      item,
      bulkUpdate(bulk, { ...running, ...(bulk.parts ? {} : { finishedAt: at }) }, {}, { status: 'ready' }),
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'bulkDecision.confirmed',
        actor: actorLabel(actor),
        details: { bulkId, willTouch: bulk.willTouch, outcome: bulk.decision.outcome, rule: 'R7, R22' },
      },
      conflict: '该批量核查已确认，不能再次确认',
    },
  );
  await announce(job);
  return bulkView({ ...bulk, ...running }, false);
}

const bulkOfJob = (job: Job) => job.cause.slice('bulk.'.length);

/** One step of a bulk decision's job, the preview's or the confirm's (called by runChunk). */
export async function bulkStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const bulk = await readBulk(examId, bulkOfJob(job));
  if (!bulk) throw notFound('批量核查');
  if (job.position.stage === 'count') {
    // the confirm knows how many it will decide; the preview finds out
    const counted = job.action === 'bulkDecide' ? bulk.willTouch : 0;
    return {
      job: afterChunk(job, { stage: 'count', counted, end: { source: job.sourceCount } }, now()),
      also: [],
      announce: [],
    };
  }
  return job.action === 'bulkDecide' ? decideStep(job, bulk) : previewStep(job, bulk);
}

/** The department's act on one candidate: whom it may decide (R1). */
async function actorOfJob(job: Job): Promise<StaffActor> {
  const username = job.actor.replace(/^staff:/, '');
  // the account and its department as they are now (actorOf reads them, never what the job says):
  // a disabled account's bulk stops (its step fails, is tried again, then recorded as failed)
  const a = await actorOf({ kind: 'staff', username, role: 'verifier', deptId: '' });
  if (a.kind !== 'staff') throw notFound('账号');
  return a;
}

interface PageFound {
  touch: { personId: string; candidateNo: string; row: number }[];
  same: number;
  rejected: RejectedRow[];
  end: { source: number; after?: Record<string, unknown> };
  done: number;
}

/** A preview step: one page of a city's verifying candidates, or one page of the list. */
async function previewStep(job: Job, bulk: BulkDecision): Promise<Step> {
  const actor = await actorOfJob(job);
  const found = bulk.mode === 'list' ? await listPage(job, bulk, actor) : await filterPage(job, bulk, actor);
  const next = afterChunk(job, { stage: 'work', done: found.done, failed: [], end: found.end }, now());
  const also: TxItem[] = [];
  if (found.touch.length)
    also.push(
      put(keys.bulkPart(bulk.examId, bulk.bulkId, bulk.parts), {
        personIds: found.touch.map((t) => t.personId),
        candidateNos: found.touch.map((t) => t.candidateNo),
        rows: found.touch.map((t) => t.row),
      } satisfies Part),
    );
  const finished = next.status === 'done';
  also.push(
    bulkUpdate(
      bulk,
      {
        ...(found.rejected.length ? { rejected: keepRejected(bulk.rejected, found.rejected) } : {}),
        ...(finished ? { status: 'ready' } : {}),
      },
      {
        willTouch: found.touch.length,
        alreadySo: found.same,
        rejectedCount: found.rejected.length,
        parts: found.touch.length ? 1 : 0,
      },
    ),
  );
  return { job: next, also, announce: [] };
}

/** The filter's candidates that can be decided now, in the next city page (R1: a city's verifier, its city). */
async function filterPage(job: Job, bulk: BulkDecision, actor: StaffActor): Promise<PageFound> {
  const filter = bulk.filter ?? {};
  const own = cityScope(actor.dept);
  let source = job.position.source;
  for (let after = job.position.after; source < CITIES.length; source++, after = undefined) {
    const city = CITIES[source] as string;
    if ((filter.city && filter.city !== city) || (own && own !== city)) continue;
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        IndexName: 'byExamCity',
        // only the verifying can be decided in round 1 (R7)
        KeyConditionExpression: 'gsi1pk = :k AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: {
          ':k': keys.candidateQueue(bulk.examId, city, '', '').gsi1pk,
          ':s': 'verifying#',
        },
        Limit: BULK_PAGE,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    const items = (r.Items ?? []).map((i) => fromItem<StoredCandidate>(i));
    if (!items.length && !r.LastEvaluatedKey) continue;
    const touch = items
      .filter((c) => matchesFilter(c, filter) && mayReadCandidate(actor, c))
      .filter((c) => bulkTarget(c, bulk.decision).kind === 'decide')
      .map((c, i) => ({
        personId: c.personId,
        candidateNo: c.candidateNo ?? '',
        row: bulk.willTouch + i + 1,
      }));
    const end = r.LastEvaluatedKey ? { source, after: r.LastEvaluatedKey } : { source: source + 1 };
    return { touch, same: 0, rejected: [], end, done: touch.length };
  }
  return { touch: [], same: 0, rejected: [], end: { source: job.sourceCount }, done: 0 };
}

/** The next 100 rows of the list, each resolved to exactly one candidate the verifier may decide, or reported. */
async function listPage(job: Job, bulk: BulkDecision, actor: StaffActor): Promise<PageFound> {
  const list = await readItem<{ rows: ListRow[] }>(keys.bulkPart(bulk.examId, bulk.bulkId, 'LIST'));
  const source = job.position.source;
  const rows = (list?.rows ?? []).slice(source * BULK_PAGE, (source + 1) * BULK_PAGE);
  const touch: PageFound['touch'] = [];
  const rejected: RejectedRow[] = [];
  let same = 0;
  for (let i = 0; i < rows.length; i += LOOKUPS_AT_ONCE) {
    const batch = rows.slice(i, i + LOOKUPS_AT_ONCE);
    const found = await Promise.all(batch.map((r) => candidatesByNumber(bulk.examId, r.candidateNo)));
    batch.forEach((row, k) => {
      const r = resolveRow(found[k] as Candidate[], (c) => mayReadCandidate(actor, c));
      if ('message' in r) {
        rejected.push({ ...row, message: r.message });
        return;
      }
      const target = bulkTarget(r.candidate, bulk.decision);
      if (target.kind === 'decide') touch.push({ personId: r.candidate.personId, ...row });
      else if (target.kind === 'same') same++;
      else rejected.push({ ...row, message: target.message });
    });
  }
  return { touch, same, rejected, end: { source: source + 1 }, done: rows.length };
}

/** A confirm step: the candidates of one part, each decided through the single decision's path. */
async function decideStep(job: Job, bulk: BulkDecision): Promise<Step> {
  const actor = await actorOfJob(job);
  const source = job.position.source;
  const part = await readItem<Part>(keys.bulkPart(bulk.examId, bulk.bulkId, source));
  const people = (part?.personIds ?? []).map((personId, i) => ({
    personId,
    candidateNo: part?.candidateNos[i] ?? '',
    row: part?.rows[i] ?? 0,
  }));
  let done = 0;
  let unchanged = 0;
  const failures: RejectedRow[] = [];
  for (let i = 0; i < people.length; i += DECISIONS_AT_ONCE) {
    const batch = people.slice(i, i + DECISIONS_AT_ONCE);
    await Promise.all(
      batch.map(async (p) => {
        try {
          const r = await decideInBulk(actor, bulk.examId, p.personId, bulk.decision, bulk.bulkId);
          if (r === 'unchanged') unchanged++;
          else done++;
        } catch (e) {
          // a rule refused this one (decided otherwise meanwhile, the deadline passed): reported, the rest go on;
          // anything else (the store, the network) fails the step, to be run again
          if (!(e instanceof DomainError)) throw e;
          failures.push({ row: p.row, candidateNo: p.candidateNo, message: e.message });
        }
      }),
    );
  }
  const next = afterChunk(
    job,
    {
      stage: 'work',
      done: done + unchanged,
      failed: failures.map((f) => ({ item: f.candidateNo, error: f.message })),
      end: { source: source + 1 },
      tally: { decided: done, unchanged },
    },
    now(),
  );
  const finished = next.status === 'done';
  const set: Record<string, unknown> = {
    ...(failures.length
      ? {
          failures: [...bulk.failures, ...failures].sort((a, b) => a.row - b.row).slice(0, MAX_BULK_REJECTED),
        }
      : {}),
    ...(finished ? { status: 'done', finishedAt: now().toISOString() } : {}),
  };
  return {
    job: next,
    also: [bulkUpdate(bulk, set, { done, unchanged, failed: failures.length })],
    announce: [],
  };
}
