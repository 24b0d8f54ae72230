/**
 * Dispatch and delivery of paper certificates by China Post (R16, R18, R19, N3); the rules in
 * functions/domain/dispatch.ts.
 *
 * The manifest: a verifier (provincial: any city or all; municipal: its own) exports it by a job. Each
 * step reads a page of a city's candidates, writes the rows of those on the manifest to a part file
 * named by the step (a step run again writes the same part), locks their bookings (a locked one is
 * left as it is) and records each reference as posted by this exam (the tracking and delivery files
 * are read against these). The last step joins the parts into the CSV and XLSX (the steps:
 * ./manifest-step.ts, for the job worker only: they carry the spreadsheet writer). Exporting again lists
 * everyone not yet dispatched again: nothing is locked twice and no row is lost.
 *
 * The tracking and delivery files: read and checked whole in the request (header, cells, a reference
 * twice → 400 by row, nothing written); a reference no manifest of this exam listed (or of another
 * city than the caller's) is reported by row, and the other rows are applied by a job, each candidate
 * in one transaction with its audit record and SMS, their waiting execution woken. A row applied
 * already is skipped when the step runs again.
 */
import { Readable } from 'node:stream';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem } from '../data/tables.js';
import { authorize, cityScope } from '../domain/departments.js';
import {
  type DeliveryRow,
  deliveryColumns,
  MAX_POST_BYTES,
  MAX_POST_ROWS,
  parseDeliveryRows,
  parseTrackingRows,
  type TrackingRow,
  trackingColumns,
} from '../domain/dispatch.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import type { RowError } from '../domain/imports.js';
import { afterChunk, CHUNK_SIZE, type Job } from '../domain/jobs.js';
import { applyEvent, initialFacts, type LifecycleEvent, type LifecycleFacts } from '../domain/lifecycle.js';
import { type ListColumns, readListHeader } from '../domain/list-columns.js';
import { isHenanCity } from '../domain/regions.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { readAll } from '../lib/downloads.js';
import { fileStore } from '../lib/file-store.js';
import { readRecords } from '../lib/list-file.js';
import { fanOut } from '../lib/rate-limit.js';
import { actorLabel, type StaffActor } from './actor.js';
import { commitOutcome, loadCandidate } from './candidate-change.js';
import { paperExam } from './certificate-batches.js';
import { announce, CITIES, prepareJob } from './jobs.js';

/** Candidates read per manifest step (each locked in its own write). */
export const PAGE = 100;

/** A manifest as stored and listed. */
export interface Manifest {
  manifestId: string;
  examId: string;
  /** the city asked for, or null: every city the caller sees */
  city: string | null;
  cities: string[];
  status: 'running' | 'done';
  /** rows listed (once done) */
  count?: number;
  at: string;
  by: string;
  jobId: string;
  doneAt?: string;
}

export const manifestKey = (examId: string, manifestId: string) => ({
  pk: `MANIFEST#${examId}`,
  sk: manifestId,
});
/** A reference a manifest of the exam listed: who it is, and in which city. */
export const postedKey = (examId: string, reference: string) => ({ pk: `POSTED#${examId}`, sk: reference });
export const dir = (m: Pick<Manifest, 'examId' | 'manifestId'>) =>
  `reports/${m.examId}/manifests/${m.manifestId}`;
export const manifestFileKey = (m: Pick<Manifest, 'examId' | 'manifestId'>, format: 'csv' | 'xlsx') =>
  `${dir(m)}/manifest.${format}`;
const rowsKey = (jobId: string) => `imports/post/${jobId}.json`;

/** The city a staff member asks for: a municipal verifier's own; a provincial one's choice, or all. */
function citiesOf(actor: StaffActor, examType: string, city: string | undefined): string[] {
  const mine = cityScope(actor.dept);
  const asked = city ?? mine;
  if (asked !== undefined && !isHenanCity(asked))
    throw new DomainError('VALIDATION', '地市代码不正确', {
      fields: [{ field: 'city', message: '地市代码不正确' }],
    });
  if (asked) {
    authorize(actor.dept, 'certificate.handOut', { examType, city: asked });
    return [asked];
  }
  authorize(actor.dept, 'certificate.handOut', { examType, city: CITIES[0] as string });
  return [...CITIES];
}

/** POST …/manifests { city? }: export the China Post manifest (by a job); its bookings are locked. */
export async function exportManifest(actor: StaffActor, examId: string, q: { city?: string | undefined }) {
  const exam = await paperExam(actor, examId);
  const cities = citiesOf(actor, exam.examType, q.city);
  const by = actorLabel(actor);
  const { job, item } = prepareJob({
    kind: 'dispatch',
    action: 'exportManifest',
    cause: 'dispatch.manifest',
    actor: by,
    examId,
    scope: { examIds: [examId] },
    // one source per city, and one more: the last step joins the parts into the files
    sourceCount: cities.length + 1,
  });
  const manifest: Manifest = {
    manifestId: job.jobId,
    examId,
    city: q.city ?? cityScope(actor.dept) ?? null,
    cities,
    status: 'running',
    at: job.createdAt,
    by,
    jobId: job.jobId,
  };
  await transact(
    [
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...manifestKey(examId, manifest.manifestId), ...manifest },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      item,
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'dispatch.manifest',
        actor: by,
        details: { rule: 'R18', manifestId: manifest.manifestId, city: manifest.city },
      },
    },
  );
  await announce(job);
  return { manifest, jobId: job.jobId };
}

export async function readManifest(examId: string, manifestId: string): Promise<Manifest | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('catalog'),
      Key: manifestKey(examId, manifestId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<Manifest>(r.Item) : undefined;
}

/** GET …/manifests: the exam's manifests, newest first (a municipal verifier: its city's). */
export async function listManifests(actor: StaffActor, examId: string) {
  await paperExam(actor, examId);
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': manifestKey(examId, '').pk },
    }),
  );
  const mine = cityScope(actor.dept);
  const items = (r.Items ?? [])
    .map((i) => fromItem<Manifest>(i))
    .filter((m) => !mine || m.city === mine)
    .sort((a, b) => b.at.localeCompare(a.at));
  return { items };
}

/** GET …/manifests/{manifestId}/manifest.csv|xlsx: the download, once the job is done. */
export async function manifestFile(
  actor: StaffActor,
  examId: string,
  manifestId: string,
  format: 'csv' | 'xlsx',
) {
  await paperExam(actor, examId);
  const m = await readManifest(examId, manifestId);
  const mine = cityScope(actor.dept);
  if (!m || (mine && m.city !== mine)) throw notFound('交寄清单');
  if (m.status !== 'done') throw new DomainError('CONFLICT', '交寄清单尚在生成，请稍后再试');
  const bytes = await readAll(manifestFileKey(m, format));
  if (!bytes) throw notFound('交寄清单文件');
  return bytes;
}

export type Step = { job: Job; also: TxItem[]; announce: Job[] };

// --- China Post's files: tracking numbers, delivery results -------------------------------------

type PostFile = 'tracking' | 'delivery';
type PostRow = (TrackingRow | DeliveryRow) & { personId: string };
const fileWords: Record<PostFile, string> = { tracking: '运单号文件', delivery: '投递结果文件' };

/** A file's own problems, by row: 400 naming the rows (the first 1,000), nothing written. */
function refuseRows(kind: PostFile, errors: RowError[]): never {
  errors.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const rows = new Set(errors.map((e) => e.row)).size;
  throw new DomainError(
    'VALIDATION',
    `${fileWords[kind]}有 ${rows} 行有误，整份文件未导入，请改正后重新上传`,
    {
      fields: [{ field: 'body', message: `${rows} 行有误，整份文件未导入，请按下表改正后重新上传` }],
      rows: errors.slice(0, 1000),
    },
  );
}

/** The posted references of an exam among these (BatchGet, 100 at a time). */
async function postedOf(examId: string, references: string[]) {
  const out = new Map<string, { personId: string; city: string }>();
  for (let i = 0; i < references.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = references
      .slice(i, i + 100)
      .map((r) => postedKey(examId, r));
    while (keys?.length) {
      const r = await ddb.send(
        new BatchGetCommand({ RequestItems: { [tableName('catalog')]: { Keys: keys } } }),
      );
      for (const it of r.Responses?.[tableName('catalog')] ?? [])
        out.set(String(it.sk), { personId: String(it.personId), city: String(it.city) });
      keys = r.UnprocessedKeys?.[tableName('catalog')]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/** Reads a file's rows (CSV, UTF-8): refused whole for a wrong header, a bad cell or a repeat. */
async function readPostFile<K extends string, R extends { row: number; reference: string }>(
  kind: PostFile,
  bytes: Buffer,
  columns: ListColumns<K>,
  parse: (header: Partial<Record<K, number>>, data: string[][]) => { rows: R[]; errors: RowError[] },
): Promise<R[]> {
  if (!bytes.length)
    throw new DomainError('VALIDATION', '文件是空的', { fields: [{ field: 'body', message: '文件是空的' }] });
  if (bytes.length > MAX_POST_BYTES)
    throw new DomainError('PAYLOAD_TOO_LARGE', '文件超过 1 MB，请分批导入', {
      fields: [{ field: 'body', message: '文件超过 1 MB' }],
    });
  const records = await readRecords(Readable.from([bytes]), 0, MAX_POST_ROWS + 2);
  const header = readListHeader(columns, records[0]?.cells ?? []);
  const data = records.slice(1).map((r) => r.cells);
  if (!data.length || data.length > MAX_POST_ROWS)
    throw new DomainError('VALIDATION', `文件应有 1–${MAX_POST_ROWS} 行数据`, {
      fields: [{ field: 'body', message: data.length ? `超过 ${MAX_POST_ROWS} 行` : '没有数据行' }],
    });
  const { rows, errors } = parse(header, data);
  if (errors.length) refuseRows(kind, errors);
  return rows;
}

/**
 * POST …/tracking-numbers | …/delivery-results: the file checked whole; references not on a manifest
 * of this exam (in the caller's scope) reported by row; the others applied by a job.
 */
export async function importPostFile(actor: StaffActor, examId: string, kind: PostFile, bytes: Buffer) {
  const exam = await paperExam(actor, examId);
  // R16, R19: only a verifier who hands out certificates (a municipal one: its own city) sends China
  // Post's files — refused before the file is read (hr supervises, it does not dispatch)
  authorize(actor.dept, 'certificate.handOut', {
    examType: exam.examType,
    city: cityScope(actor.dept) ?? (CITIES[0] as string),
  });
  const at = now();
  const rows: (TrackingRow | DeliveryRow)[] =
    kind === 'tracking'
      ? await readPostFile(kind, bytes, trackingColumns, parseTrackingRows)
      : await readPostFile(kind, bytes, deliveryColumns, (h, d) => parseDeliveryRows(h, d, at));
  const posted = await postedOf(
    examId,
    rows.map((r) => r.reference),
  );
  const mine = cityScope(actor.dept);
  const unknown: RowError[] = [];
  const known: PostRow[] = [];
  for (const r of rows) {
    const p = posted.get(r.reference);
    if (!p || (mine && p.city !== mine))
      unknown.push({ row: r.row, field: 'reference', message: '本考试的交寄清单中没有该预约编号' });
    else {
      authorize(actor.dept, 'certificate.handOut', { examType: exam.examType, city: p.city });
      known.push({ ...r, personId: p.personId });
    }
  }
  if (!known.length) refuseRows(kind, unknown);
  const by = actorLabel(actor);
  const { job, item } = prepareJob({
    kind: 'dispatch',
    action: kind === 'tracking' ? 'importTracking' : 'importDelivery',
    cause: `dispatch.${kind}`,
    actor: by,
    examId,
    scope: { examIds: [examId] },
    sourceCount: 1,
  });
  await fileStore().put(rowsKey(job.jobId), Buffer.from(JSON.stringify(known)), 'application/json');
  await transact([item], {
    audit: {
      subject: `EXAM#${examId}`,
      action: `dispatch.${kind}`,
      actor: by,
      details: { rule: kind === 'tracking' ? 'R18' : 'R19', rows: rows.length, unknown: unknown.length },
    },
  });
  await announce(job);
  return { jobId: job.jobId, count: known.length, unknown };
}

/** The event a row records, or null when it is on record already (the step run again). */
function rowEvent(r: PostRow, f: LifecycleFacts): LifecycleEvent | null {
  if ('trackingNo' in r)
    return f.trackingNo === r.trackingNo ? null : { type: 'dispatched', trackingNo: r.trackingNo };
  if (r.result === 'delivered') return f.deliveredAt ? null : { type: 'delivered', at: r.at };
  return f.deliveryFailedAt === r.at ? null : { type: 'deliveryFailed', at: r.at, reason: r.reason };
}

/** One row applied: the candidate's event saved with its audit record and SMS, the execution woken. */
async function applyRow(examId: string, r: PostRow, actor: string): Promise<void> {
  const l = await loadCandidate(examId, r.personId);
  const event = rowEvent(r, l.candidate.lifecycle ?? initialFacts());
  if (!event) return;
  const outcome = applyEvent(l.candidate, l.exam, l.deadlines, event, now());
  await commitOutcome(l, { ...outcome, details: { reference: r.reference, row: r.row } }, actor);
}

/** One step of a tracking or delivery job: CHUNK_SIZE of its rows applied, a row's refusal reported by row. */
export async function postFileStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  if (job.position.stage === 'count')
    return {
      job: afterChunk(job, { stage: 'count', counted: 0, end: { source: 1 } }, now()),
      also: [],
      announce: [],
    };
  const rows = JSON.parse((await readAll(rowsKey(job.jobId)))?.toString() ?? '[]') as PostRow[];
  const from = Number((job.position.after as { index?: number } | undefined)?.index ?? 0);
  const part = rows.slice(from, from + CHUNK_SIZE);
  const to = from + part.length;
  const refused: { item: string; error: string }[] = [];
  const report = await fanOut(
    part,
    async (r) => {
      try {
        await applyRow(examId, r, job.actor);
      } catch (e) {
        // a write that lost a race is tried again by the worker; a refusal is the row's
        if (!(e instanceof DomainError) || e instanceof ConflictError) throw e;
        refused.push({ item: `第 ${r.row} 行`, error: e.message });
      }
    },
    {
      limit: { ratePerSecond: 200, burst: 50 },
      concurrency: 8,
      maxAttempts: 3,
      label: (r) => `第 ${r.row} 行`,
    },
  );
  return {
    job: afterChunk(
      job,
      {
        stage: 'work',
        done: report.done - refused.length,
        failed: [...refused, ...report.failed],
        end: to >= rows.length ? { source: 1 } : { source: 0, after: { index: to } },
      },
      now(),
    ),
    also: [],
    announce: [],
  };
}
