/**
 * The steps of a passing-list import (R5, N2; the job runner's, functions/acts/job-runner.ts), apart
 * from ./imports.ts so that the import routes carry none of the job's work (the XLSX → CSV conversion,
 * functions/lib/xlsx-list.ts, and its spreadsheet libraries; the row checks and the candidate writes).
 * The job reads the list a chunk of rows at a time from where the last step stopped:
 *
 *   count  an XLSX is turned into CSV once; the rows are counted (every one must parse)
 *   work   IMPORT_CHUNK_ROWS rows: each validated (functions/domain/imports.ts); new candidates written
 *          in groups, each group one transaction with its audit record; a changed candidate in its own
 *          transaction with its audit record; the same row again (a step run twice) counted as before
 *   end    the lifecycles of the exam's candidates start, by the lifecycle-start job and its rate limit
 *
 * Row errors go to one file per step (so a step run again replaces its own), read back for the
 * import's status and its errors.csv (./imports.ts).
 */
import type { Readable } from 'node:stream';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { type CandidateStatus, newCandidate } from '../domain/candidate.js';
import { ConflictError, DomainError, notFound } from '../domain/errors.js';
import {
  checkHeader,
  checkImportSize,
  emptyTally,
  IMPORT_CHUNK_ROWS,
  type ImportedRow,
  MAX_UPLOAD_BYTES,
  outcomeError,
  parseRow,
  type RowError,
  readHeader,
  rowOutcome,
} from '../domain/imports.js';
import { afterChunk, type Job } from '../domain/jobs.js';
import { candidateDeadlines } from '../domain/lifecycle.js';
import { counterDeltas, queueFacts, tallyNew } from '../domain/queue.js';
import { loadCalendar } from '../lib/calendar.js';
import {
  candidatePut,
  candidateRecord,
  counterUpdates,
  readCandidates,
  type StoredCandidate,
} from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { batchPut, ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { personIdOf } from '../lib/ids.js';
import { countRecords, readRecords } from '../lib/list-file.js';
import { fanOut } from '../lib/rate-limit.js';
import { xlsxToCsv } from '../lib/xlsx-list.js';
import { errorsKey, lockRelease, rowsKey, sourceKey } from './import-files.js';
import { prepareJob } from './jobs.js';
import { lifecycleStartJob } from './lifecycle.js';
import { rerenderIfPublished } from './notice-site.js';

/** The counting step: an XLSX becomes CSV; the header is read and checked; the data rows counted. */
async function countStep(job: Job): Promise<Job> {
  const format = job.file?.format ?? 'csv';
  // an upload URL cannot cap the size: the list is checked here, before anything is read
  const bytes = (await fileStore().size(sourceKey(job.jobId, format))) ?? 0;
  checkImportSize(bytes, MAX_UPLOAD_BYTES);
  if (format === 'xlsx')
    await xlsxToCsv(fileStore(), sourceKey(job.jobId, 'xlsx'), rowsKey(job.jobId, 'xlsx'));
  const key = rowsKey(job.jobId, format);
  const head = await readRecords(await stream(key, 0), 0, 1);
  const header = head[0]?.cells ?? [];
  checkHeader(readHeader(header));
  const dataStart = head[0]?.end ?? 0;
  const rows = await countRecords(await stream(key, dataStart), dataStart);
  const next = afterChunk(job, { stage: 'count', counted: rows, end: { source: 1 } }, now());
  return { ...next, file: { format, header, dataStart }, tally: { ...emptyTally, total: rows } };
}

async function stream(key: string, start: number): Promise<Readable> {
  const s = await fileStore().read(key, start);
  if (!s) throw new DomainError('NOT_FOUND', '导入文件不存在');
  return s;
}

/** Where the work stands: the byte offset of the next row and its row number (the header is row 1). */
interface RowPosition {
  offset: number;
  row: number;
}

/** A work step: the next chunk of rows, validated and written. */
async function workStep(job: Job): Promise<{ job: Job; also: TxItem[]; announce: Job[] }> {
  const format = job.file?.format ?? 'csv';
  const header = readHeader(job.file?.header ?? []);
  const examId = job.examId as string;
  const exam = await getExam(examId);
  if (!exam) throw notFound('考试');
  const at = (job.position.after as RowPosition | undefined) ?? { offset: job.file?.dataStart ?? 0, row: 2 };
  const records = await readRecords(
    await stream(rowsKey(job.jobId, format), at.offset),
    at.offset,
    IMPORT_CHUNK_ROWS,
  );
  if (!records.length) {
    // through: the new candidates' lifecycles start, by their own job and its rate limit
    const start = prepareJob(lifecycleStartJob(examId, job.actor));
    // a list added to while its notice is up: the public pages are rendered again
    const render = await rerenderIfPublished(examId, job.actor);
    const next = afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: 1 } }, now());
    return {
      job: next,
      also: [start.item, lockRelease(examId, job.jobId), ...(render ? [render.item] : [])],
      announce: [start.job, ...(render ? [render.job] : [])],
    };
  }
  const errors: RowError[] = [];
  const good: { row: number; value: ImportedRow; personId: string }[] = [];
  records.forEach((r, i) => {
    const row = at.row + i;
    const parsed = parseRow(header, r.cells, row);
    if (parsed.ok) good.push({ row, value: parsed.value, personId: personIdOf(parsed.value.idNumber) });
    else errors.push(...parsed.errors);
  });
  const existing = await readCandidates(
    examId,
    good.map((g) => g.personId),
  );
  const tally = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  const fresh: StoredCandidate[] = [];
  const changes: { before: StoredCandidate; after: StoredCandidate; changed: string[]; row: number }[] = [];
  const inChunk = new Map<string, number>();
  /**
   * the records this step makes (new now, or made by this step's earlier try, cut short): the status
   * counters' increase, and the rows its audit record names
   */
  const madeHere: { city: string; status: CandidateStatus; personId: string; row: number }[] = [];
  const cal = await loadCalendar();
  /** unchanged rows: marked as seen by this import (so a later row for the same person is a duplicate) */
  const seen: { c: StoredCandidate; row: number }[] = [];
  const rejectedRows = new Set(errors.map((e) => e.row));
  for (const g of good) {
    const earlier = inChunk.get(g.personId);
    const outcome =
      earlier !== undefined
        ? ({ kind: 'duplicate', earlierRow: earlier } as const)
        : rowOutcome(g.value, g.row, job.jobId, existing.get(g.personId));
    const problem = outcomeError(outcome, g.row);
    if (problem) {
      errors.push(problem);
      rejectedRows.add(g.row);
      continue;
    }
    inChunk.set(g.personId, g.row);
    const facts = {
      candidateNo: g.value.candidateNo,
      name: g.value.name,
      phone: g.value.phone,
      city: g.value.city,
      ...(g.value.employer ? { employer: g.value.employer } : {}),
      commitment: g.value.commitment,
      ...(g.value.scores ? { scores: g.value.scores } : {}),
    };
    if (outcome.kind === 'again') {
      tally[outcome.as === 'new' ? 'imported' : outcome.as === 'update' ? 'updated' : 'unchanged']++;
      // made by this very step before a crash: counted now, with the step's position
      const made = existing.get(g.personId);
      if (outcome.as === 'new' && made) madeHere.push({ ...made, row: g.row });
    } else if (outcome.kind === 'unchanged') {
      tally.unchanged++;
      seen.push({ c: existing.get(g.personId) as StoredCandidate, row: g.row });
    } else if (outcome.kind === 'new') {
      tally.imported++;
      const made: StoredCandidate = {
        ...newCandidate({ ...g.value, commitment: g.value.commitment }, exam, g.personId, now()),
        ...facts,
        importedFrom: { importId: job.jobId, row: g.row, as: 'new' },
      };
      // the work queue's place: its phase and next deadline (the R7 deadline while verifying)
      fresh.push({ ...made, queue: queueFacts(made, exam, candidateDeadlines(cal, exam, made)) });
      madeHere.push({ ...made, row: g.row });
    } else if (outcome.kind === 'update') {
      tally.updated++;
      const before = existing.get(g.personId) as StoredCandidate;
      changes.push({
        before,
        after: {
          ...before,
          ...facts,
          importedFrom: { importId: job.jobId, row: g.row, as: 'update' },
          version: before.version + 1,
          updatedAt: now().toISOString(),
        },
        changed: outcome.changed,
        row: g.row,
      });
    }
  }
  tally.rejected = rejectedRows.size;
  // new candidates: BatchWriteItem (the exam's import lock keeps any other import from making them
  // meanwhile), then this step's audit record under a key of its own (the step's start and number), so
  // a step run again after a crash rewrites the same record instead of adding one — naming every
  // candidate the step made, those its earlier try wrote before the crash too
  await batchPut(tableName('candidates'), fresh.map(candidateRecord));
  if (madeHere.length)
    await ddb.send(
      new PutCommand({
        TableName: tableName('audit'),
        Item: {
          pk: `EXAM#${examId}`,
          sk: `${job.updatedAt}#import-${job.jobId}-${job.seq}`,
          at: job.updatedAt,
          subject: `EXAM#${examId}`,
          action: 'import.candidatesAdded',
          actor: job.actor,
          details: {
            importId: job.jobId,
            rows: madeHere.map((c) => c.row),
            personIds: madeHere.map((c) => c.personId),
          },
        },
      }),
    );
  for (const c of changes) {
    // a row that moves the candidate to another city moves them in the status counters too
    const moved = counterUpdates(examId, counterDeltas(c.before, c.after), c.after.personId);
    await transact([candidatePut(c.after, c.before.version), ...moved], {
      audit: {
        subject: `C#${examId}#${c.after.personId}`,
        action: 'candidate.imported',
        actor: job.actor,
        details: { importId: job.jobId, row: c.row, changed: c.changed },
      },
      conflict: '导入期间考生记录被修改，将重试本批',
    });
  }
  // an unchanged candidate only gets this import's mark (no new version: nothing of theirs changed)
  const marked = await fanOut(
    seen,
    async ({ c, row }) => {
      await ddb.send(
        new UpdateCommand({
          TableName: tableName('candidates'),
          Key: keys.candidate(c.personId, examId),
          UpdateExpression: 'SET importedFrom = :f',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':f': { importId: job.jobId, row, as: 'unchanged' }, ':v': c.version },
        }),
      );
    },
    { limit: { ratePerSecond: 1_000_000, burst: 1_000_000 }, concurrency: 16, maxAttempts: 1 },
  );
  // a record changed meanwhile: the step is tried again (its rows then come out as they now are)
  if (marked.failed.length) throw new ConflictError('导入期间考生记录被修改，将重试本批');
  // this step's errors, in its own file (a step run again writes the same file again)
  const store = fileStore();
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    await store.put(errorsKey(job.jobId, job.seq), Buffer.from(JSON.stringify(errors)), 'application/json');
  }
  const last = records.at(-1) as { end: number };
  const next = afterChunk(
    job,
    {
      stage: 'work',
      done: tally.imported + tally.updated + tally.unchanged,
      failed: [],
      failedElsewhere: tally.rejected,
      tally,
      end: { source: 0, after: { offset: last.end, row: at.row + records.length } },
    },
    now(),
  );
  // the status counters of the cities this step added to: one Update per city, in the step's own
  // transaction (with the job's position), so a step run again after a crash counts its rows once
  return {
    job: next,
    also: counterUpdates(examId, tallyNew(madeHere), `${job.jobId}#${job.seq}`),
    announce: [],
  };
}

/** One step of an import job (called by the job runner for `importRows` jobs). */
export async function importStep(job: Job): Promise<{ job: Job; also: TxItem[]; announce: Job[] }> {
  if (job.position.stage === 'count') return { job: await countStep(job), also: [], announce: [] };
  return workStep(job);
}
