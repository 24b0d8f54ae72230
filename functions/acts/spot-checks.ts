/**
 * Random spot checks (R23, R24; the rules in functions/domain/spot-checks.ts). The provincial verifier
 * (or association) asks for a draw: the draw record and its job are written in one transaction. The job
 * walks the exam's candidates city by city (the work-queue index), ranks the ones the filter takes and
 * keeps the lowest ranks on the draw record — in the same transaction as each step — then marks the
 * drawn candidates for an on-site check, each with its audit record, 100 a step.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import { authorize, cityScope, seesExamType } from '../domain/departments.js';
import { ConflictError, notFound } from '../domain/errors.js';
import { afterChunk, type ChunkResult, type Job, type JobSpec } from '../domain/jobs.js';
import { maskIdNumber } from '../domain/masking.js';
import { cityName } from '../domain/regions.js';
import {
  matchesFilter,
  mergeSample,
  type SpotDraw,
  type SpotDrawInput,
  type SpotMark,
  spotRank,
} from '../domain/spot-checks.js';
import { examCityPage, readCandidates, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { auditItem, ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { newId, randomToken } from '../lib/ids.js';
import { actorLabel, type StaffActor } from './actor.js';
import { announce, CITIES, prepareJob } from './jobs.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };
const PAGE = 100;
const markSteps = (size: number) => Math.ceil(size / PAGE);

async function readDraw(examId: string, drawId: string): Promise<SpotDraw | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('catalog'),
      Key: keys.spotDraw(examId, drawId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<SpotDraw>(r.Item) : undefined;
}

async function examFor(actor: StaffActor, examId: string) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  return exam;
}

/** POST …/spot-checks: the draw recorded (its seed made if none was given) and its job started. */
export async function startSpotDraw(actor: StaffActor, examId: string, input: SpotDrawInput) {
  const exam = await examFor(actor, examId);
  authorize(actor.dept, 'candidate.spotCheck', { examType: exam.examType });
  const drawId = newId(now());
  const draw: SpotDraw = {
    drawId,
    examId,
    seed: input.seed ?? randomToken(12),
    size: input.size,
    filter: input.filter,
    ...(input.reason ? { reason: input.reason } : {}),
    by: { deptId: actor.dept.id, deptName: actor.dept.name },
    at: now().toISOString(),
    status: 'drawing',
    considered: 0,
    sample: [],
  };
  const spec: Omit<JobSpec, 'sourceCount'> & { sourceCount: number } = {
    kind: 'spotCheck',
    action: 'drawSpotCheck',
    cause: `spotCheck.${drawId}`,
    actor: actorLabel(actor),
    examId,
    scope: { examIds: [examId] },
    sourceCount: CITIES.length + markSteps(input.size),
  };
  const { job, item } = prepareJob(spec);
  await transact(
    [
      item,
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...keys.spotDraw(examId, drawId), ...draw, jobId: job.jobId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'spotCheck.drawn',
        actor: actorLabel(actor),
        details: { drawId, seed: draw.seed, size: draw.size, filter: draw.filter },
      },
    },
  );
  await announce(job);
  return { drawId, seed: draw.seed, jobId: job.jobId, status: draw.status };
}

const drawOfJob = (job: Job) => (job.cause.startsWith('spotCheck.') ? job.cause.slice(10) : '');

/** One step of a draw's job (called by runChunk). */
export async function spotStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const draw = await readDraw(examId, drawOfJob(job));
  if (!draw) throw notFound('抽查');
  if (job.position.stage === 'count') {
    const r: ChunkResult = { stage: 'count', counted: 0, end: { source: job.sourceCount } };
    return { job: afterChunk(job, r, now()), also: [], announce: [] };
  }
  let source = job.position.source;
  // the cities (only the filter's, if it names one), a page at a time
  for (let after = job.position.after; source < CITIES.length; source++, after = undefined) {
    const city = CITIES[source] as string;
    if (draw.filter.city && draw.filter.city !== city) continue;
    const { items, after: more } = await examCityPage(examId, city, {
      limit: PAGE,
      after,
      status: draw.filter.status,
    });
    if (!items.length && !more) continue;
    const taken = items.filter((c) => matchesFilter(c, draw.filter));
    const sample = mergeSample(
      draw.sample,
      taken.map((c) => ({ personId: c.personId, rank: spotRank(draw.seed, c.personId) })),
      draw.size,
    );
    const end = more ? { source, after: more } : { source: source + 1 };
    return {
      job: afterChunk(job, { stage: 'work', done: taken.length, failed: [], end }, now()),
      also: [drawUpdate(draw, { sample, considered: (draw.considered ?? 0) + taken.length })],
      announce: [],
    };
  }
  // then the marks, 100 a step; the draw is done with the last
  const k = source - CITIES.length;
  const batch = draw.sample.slice(k * PAGE, (k + 1) * PAGE);
  const mark: SpotMark = { drawId: draw.drawId, at: draw.at, deptName: draw.by.deptName };
  for (const r of batch) await markOne(examId, r.personId, mark, job.actor);
  const last = source + 1 >= job.sourceCount;
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: source + 1 } }, now()),
    also: [drawUpdate(draw, { status: last ? 'done' : 'marking' })],
    announce: [],
  };
}

function drawUpdate(
  draw: SpotDraw,
  patch: Partial<Pick<SpotDraw, 'sample' | 'considered' | 'status'>>,
): TxItem {
  const names = Object.keys(patch);
  return {
    Update: {
      TableName: tableName('catalog'),
      Key: keys.spotDraw(draw.examId, draw.drawId),
      UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
      ExpressionAttributeValues: Object.fromEntries(Object.entries(patch).map(([n, v]) => [`:${n}`, v])),
    },
  };
}

/** Mark one drawn candidate (once: a step run again finds it marked), with its audit record. */
async function markOne(examId: string, personId: string, mark: SpotMark, actor: string): Promise<void> {
  try {
    await transact([
      {
        Update: {
          TableName: tableName('candidates'),
          Key: keys.candidate(personId, examId),
          // the version moves: a writer holding the record from before does not put it back unmarked
          UpdateExpression: 'SET spotCheck = :m, version = version + :one',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(spotCheck) OR spotCheck.drawId <> :d)',
          ExpressionAttributeValues: { ':m': mark, ':one': 1, ':d': mark.drawId },
        },
      },
      auditItem({
        subject: keys.auditSubjectCandidate(examId, personId),
        action: 'candidate.spotDrawn',
        actor,
        details: { drawId: mark.drawId },
      }),
    ]);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e; // marked already (a step run again)
  }
}

/** The draws of an exam, newest first (without their samples). */
export async function spotDraws(actor: StaffActor, examId: string) {
  await examFor(actor, examId);
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.spotDraw(examId, '').pk },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return {
    items: (r.Items ?? []).map((i) => {
      const { sample, ...d } = fromItem<SpotDraw>(i);
      return { ...d, drawn: d.status === 'done' ? sample.length : null };
    }),
  };
}

/** One draw and its sample, as staff who see the exam may see it (a city's verifier: its own city). */
export async function spotDrawDetail(actor: StaffActor, examId: string, drawId: string) {
  await examFor(actor, examId);
  const draw = await readDraw(examId, drawId);
  if (!draw) throw notFound('抽查');
  const records =
    draw.status === 'done'
      ? await readCandidates(
          examId,
          draw.sample.map((s) => s.personId),
        )
      : new Map();
  const own = cityScope(actor.dept);
  const sample = draw.sample.flatMap((s) => {
    const c = records.get(s.personId) as StoredCandidate | undefined;
    if (!c || (own && c.city !== own)) return [];
    return [
      {
        personId: c.personId,
        candidateNo: c.candidateNo ?? null,
        name: c.name,
        idNumberMasked: maskIdNumber(c.idNumber),
        city: c.city,
        cityName: cityName(c.city),
        status: c.status,
        rank: s.rank,
      },
    ];
  });
  const { sample: _ranked, ...rest } = draw;
  return { ...rest, drawn: draw.status === 'done' ? draw.sample.length : null, sample };
}
