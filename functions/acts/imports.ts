/**
 * The hand-over of the passing list (R5, N2) as an import: the request checks what it can at once (the
 * type, the size, the header row) and stores the file; everything else is a job (functions/acts/jobs.ts)
 * whose steps (./import-step.ts, the job runner's: only it carries the XLSX → CSV conversion) read the
 * file a chunk of rows at a time. Here: starting an import (the file in the request, or an upload URL
 * and its arrival), and what it has come to (its status, its row errors as CSV).
 */
import { Readable } from 'node:stream';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { stringify } from 'csv-stringify/sync';
import { keys } from '../data/tables.js';
import { authorize, seesExamType } from '../domain/departments.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import {
  checkHeader,
  checkImportSize,
  emptyTally,
  type ImportFormat,
  importFormatOf,
  MAX_INLINE_BYTES,
  MAX_LISTED_ERRORS,
  MAX_UPLOAD_BYTES,
  type RowError,
  readHeader,
} from '../domain/imports.js';
import { type Job, type JobSpec, newJob } from '../domain/jobs.js';
import { MAX_ZIP_BYTES, zipFailure } from '../domain/materials.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, tableName, transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { fileWorker } from '../lib/file-worker.js';
import { newId } from '../lib/ids.js';
import { jobPut, readJob } from '../lib/jobs.js';
import { readRecords } from '../lib/list-file.js';
import { zipProblem } from '../lib/zip-reader.js';
import { actorLabel, type StaffActor } from './actor.js';
import { errorsPrefix, lockTake, sourceKey, UPLOAD_URL_SECONDS } from './import-files.js';
import { announce, prepareJob } from './jobs.js';

const busyExam = '该考试正在导入另一份名单，请等待其完成后再导入';

async function importableExam(actor: StaffActor, examId: string) {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  authorize(actor.dept, 'passingList.import', { examType: exam.examType });
  return exam;
}

/**
 * The header row of a list in hand: CSV's first record here; XLSX's first row by the file worker (its
 * spreadsheet reader is not in this function: functions/lib/file-worker.ts), from the stored file.
 */
async function headerOf(bytes: Buffer, format: ImportFormat, key: string): Promise<string[]> {
  if (format === 'csv') return (await readRecords(Readable.from([bytes]), 0, 1))[0]?.cells ?? [];
  const { cells } = await fileWorker().xlsxHeader({ task: 'xlsxHeader', key });
  if (cells) return cells;
  // not a ZIP at all, a broken one, or a ZIP that holds no worksheet: no workbook
  throw new DomainError('VALIDATION', '文件不是有效的 Excel（.xlsx）工作簿', {
    fields: [{ field: 'body', message: '文件不是有效的 Excel 工作簿' }],
  });
}

function importJobSpec(actor: string, examId: string, format: ImportFormat): JobSpec {
  return {
    kind: 'import',
    action: 'importRows',
    // a ZIP holds the registration materials that go with the list (functions/acts/materials.ts)
    cause: format === 'zip' ? 'materials.import' : 'passingList.import',
    actor,
    examId,
    scope: { examIds: [examId] },
    sourceCount: 1,
    file: { format },
  };
}

/**
 * POST …/imports with the file as the body: refused at once (nothing imported) for a wrong type, an
 * empty body, a file over the limit or a header without the required columns; else stored, and the
 * job started.
 */
export async function startImport(
  actor: StaffActor,
  examId: string,
  upload: { bytes: Buffer; contentType: string | undefined },
): Promise<{ importId: string }> {
  await importableExam(actor, examId);
  const format = importFormatOf(upload.contentType);
  checkImportSize(upload.bytes.length, MAX_INLINE_BYTES);
  if (format === 'zip') {
    // a ZIP in hand: that it is one, with safe names, is told at once (the job checks the rest)
    const problem = await zipProblem(upload.bytes);
    if (problem) throw zipFailure(problem);
  }
  const { job, item } = prepareJob(importJobSpec(actorLabel(actor), examId, format));
  const key = sourceKey(job.jobId, format);
  await fileStore().put(key, upload.bytes, upload.contentType);
  if (format !== 'zip') {
    // a header without the required columns: refused, and the stored file removed (nothing imported)
    try {
      checkHeader(readHeader(await headerOf(upload.bytes, format, key)));
    } catch (err) {
      await fileStore().remove(key);
      throw err;
    }
  }
  await transact([item, lockTake(examId, job.jobId, now().getTime())], {
    conflict: busyExam,
    audit: {
      subject: `EXAM#${examId}`,
      action: 'import.started',
      actor: actorLabel(actor),
      details: { importId: job.jobId, format, bytes: upload.bytes.length },
    },
  });
  await announce(job);
  return { importId: job.jobId };
}

/**
 * An import of a list already in the files store under `sourceKey(importId, format)` (an upload through
 * its URL; the bench): the job starts with the header checked by its first step instead of the request.
 */
export async function startStoredImport(spec: {
  importId: string;
  examId: string;
  actor: string;
  format: ImportFormat;
}): Promise<Job> {
  const job: Job = {
    ...newJob(
      { ...importJobSpec(spec.actor, spec.examId, spec.format), sourceCount: 1 },
      spec.importId,
      now(),
    ),
  };
  await transact([jobPut(job, null), lockTake(spec.examId, spec.importId, now().getTime())], {
    audit: {
      subject: `EXAM#${spec.examId}`,
      action: 'import.started',
      actor: spec.actor,
      details: { importId: spec.importId, format: spec.format, uploaded: true },
    },
    conflict: '该导入已经开始，或该考试正在导入另一份名单',
  });
  await announce(job);
  return job;
}

/** Where an uploaded list goes in the files store. */
export const uploadKey = sourceKey;

/**
 * POST …/imports/upload-url: a URL to PUT a list of any size to (up to MAX_UPLOAD_BYTES); the import
 * starts when the file arrives (`uploadArrived`).
 */
export async function createUploadUrl(actor: StaffActor, examId: string, contentType: string) {
  await importableExam(actor, examId);
  const format = importFormatOf(contentType);
  const importId = newId(now());
  const expiresAt = now().getTime() + UPLOAD_URL_SECONDS * 1000;
  await transact(
    [
      {
        Put: {
          TableName: tableName('jobs'),
          Item: {
            ...keys.upload(importId),
            importId,
            examId,
            actor: actorLabel(actor),
            format,
            expiresAt,
            ttl: Math.ceil(expiresAt / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'import.uploadUrl',
        actor: actorLabel(actor),
        details: { importId, format },
      },
    },
  );
  const url = await fileStore().uploadUrl(
    uploadKey(importId, format),
    contentType.split(';')[0]?.trim() ?? contentType,
    UPLOAD_URL_SECONDS,
  );
  return { importId, url, expiresInSeconds: UPLOAD_URL_SECONDS, maxBytes: uploadLimit(format) };
}

/** The most an upload URL takes: a list up to MAX_UPLOAD_BYTES, a materials ZIP up to MAX_ZIP_BYTES. */
export function uploadLimit(format: ImportFormat): number {
  return format === 'zip' ? MAX_ZIP_BYTES : MAX_UPLOAD_BYTES;
}

/** `imports/<importId>/source.<format>` → its import id and format, or null for any other key. */
export function uploadOf(key: string): { importId: string; format: ImportFormat } | null {
  const m = /^imports\/([a-z0-9]{19})\/source\.(csv|xlsx|zip)$/.exec(key);
  return m ? { importId: m[1] as string, format: m[2] as ImportFormat } : null;
}

/**
 * A list arrived through its upload URL (S3's event on AWS; the local server's PUT): its import starts,
 * once — a second notice of the same file changes nothing. A key no upload URL was made for is ignored.
 */
export async function uploadArrived(key: string): Promise<Job | null> {
  const upload = uploadOf(key);
  if (!upload) return null;
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('jobs'), Key: keys.upload(upload.importId), ConsistentRead: true }),
  );
  const made = r.Item as { examId: string; actor: string; format: ImportFormat } | undefined;
  if (!made || made.format !== upload.format) return null;
  try {
    return await startStoredImport({
      importId: upload.importId,
      examId: made.examId,
      actor: made.actor,
      format: made.format,
    });
  } catch (e) {
    if (e instanceof ConflictError) return (await readJob(upload.importId)) ?? null; // started already
    throw e;
  }
}

/** The errors an import has reported so far, in row order: the first `limit`. */
async function importErrors(importId: string, limit = Number.POSITIVE_INFINITY): Promise<RowError[]> {
  const store = fileStore();
  const out: RowError[] = [];
  for (const key of await store.list(errorsPrefix(importId))) {
    const s = await store.read(key);
    if (!s) continue;
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    out.push(...(JSON.parse(Buffer.concat(chunks).toString()) as RowError[]));
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

async function importOf(actor: StaffActor, examId: string, importId: string): Promise<Job> {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('导入');
  const job = await readJob(importId);
  if (job?.kind !== 'import' || job.examId !== examId) throw notFound('导入');
  return job;
}

/** GET …/imports/{importId}: where the import stands, with its first 1,000 row errors. */
export async function importStatus(actor: StaffActor, examId: string, importId: string) {
  const job = await importOf(actor, examId, importId);
  const t = { ...emptyTally, ...(job.tally ?? {}) };
  const failure = job.status === 'failed' ? (job.errors.find((e) => e.item === 'job')?.error ?? null) : null;
  return {
    importId,
    examId,
    /** csv or xlsx: the passing list; zip: the registration materials (rows are the ZIP's entries) */
    format: job.file?.format ?? 'csv',
    status: job.status === 'done' ? 'done' : job.status === 'failed' ? 'failed' : 'running',
    stage: job.status === 'queued' || job.status === 'running' ? job.position.stage : null,
    total: job.total ?? 0,
    imported: t.imported,
    updated: t.updated,
    unchanged: t.unchanged,
    rejected: t.rejected,
    ...(failure ? { failure } : {}),
    errors: await importErrors(importId, MAX_LISTED_ERRORS),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt ?? null,
  };
}

/** GET …/imports/{importId}/errors.csv: every row error, as a spreadsheet opens it (UTF-8 with BOM). */
export async function importErrorsCsv(actor: StaffActor, examId: string, importId: string): Promise<string> {
  await importOf(actor, examId, importId);
  const rows = (await importErrors(importId)).map((e) => [e.row, e.field, e.message]);
  return stringify([['row', 'field', 'message'], ...rows], { bom: true, record_delimiter: '\r\n' });
}
