/**
 * The steps of a materials ZIP import (R5; the job runner's, functions/acts/job-runner.ts), apart from
 * ./materials.ts so that the routes that read materials or hand out upload URLs carry no ZIP reader
 * (yauzl):
 *
 *   count  the ZIP's whole directory is read — every entry's name (yauzl refuses `../` and absolute
 *          paths), encryption, the number of entries and what they declare uncompressed — before
 *          anything is attached: a bad ZIP fails as a whole, nothing attached
 *   work   MATERIAL_CHUNK_ENTRIES entries from where the last step stopped (entry index and directory
 *          offset): each file checked (functions/domain/materials.ts), matched to exactly one candidate
 *          of the exam by the number its name starts with, copied to
 *          `materials/{examId}/{personId}/{materialId}.{ext}` and recorded once (its id made from the
 *          import and the entry's index, written on condition it is not there): a step run twice
 *          changes nothing and counts once
 */
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.js';
import type { RowError } from '../domain/imports.js';
import { afterChunk, type Job } from '../domain/jobs.js';
import {
  baseName,
  checkFileContent,
  checkFileName,
  checkZipDirectory,
  checkZipEntry,
  checkZipSize,
  fileError,
  isFolder,
  MATERIAL_CHUNK_ENTRIES,
  type Material,
  materialFileKey,
  materialIdOf,
  materialOutcome,
  type NumberMatches,
  ownerOf,
  zipFailure,
} from '../domain/materials.js';
import { candidatesByNumber } from '../lib/candidates.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { materialsOf, putMaterialOnce } from '../lib/materials.js';
import { type OpenZip, openZip, StoreReadError, type ZipCursor } from '../lib/zip-reader.js';
import { errorsKey, lockRelease, sourceKey } from './import-files.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };

/** The ZIP's own refusal (a bad name, not a ZIP) fails the import; the store's failure is tried again. */
async function withZip<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError || e instanceof StoreReadError) throw e;
    throw zipFailure((e as Error).message);
  }
}

async function open(job: Job, from?: ZipCursor): Promise<OpenZip> {
  const key = sourceKey(job.jobId, 'zip');
  const size = (await fileStore().size(key)) ?? 0;
  // an upload URL cannot cap the size: checked here, before anything is read
  checkZipSize(size);
  return withZip(() => openZip(fileStore(), key, size, from));
}

/** The counting step: the whole directory, every name checked, before a single file is attached. */
async function countStep(job: Job): Promise<Job> {
  const zip = await open(job);
  try {
    checkZipDirectory({ entries: zip.entryCount, declaredBytes: 0 });
    let files = 0;
    let declaredBytes = 0;
    await withZip(async () => {
      for (let e = await zip.next(); e; e = await zip.next()) {
        checkZipEntry({ name: e.entry.fileName, encrypted: e.entry.isEncrypted() });
        if (isFolder(e.entry.fileName)) continue;
        files++;
        declaredBytes += e.entry.uncompressedSize;
        checkZipDirectory({ entries: zip.entryCount, declaredBytes });
      }
    });
    const next = afterChunk(job, { stage: 'count', counted: files, end: { source: 1 } }, now());
    return {
      ...next,
      file: { format: 'zip' },
      tally: { total: files, imported: 0, updated: 0, unchanged: 0, rejected: 0 },
    };
  } finally {
    zip.close();
  }
}

/** The candidates each number names in the exam (the byCandidateNo index), asked once per step. */
function numberLookup(examId: string) {
  const known = new Map<string, Promise<string[]>>();
  return async (numbers: string[]): Promise<NumberMatches> =>
    Promise.all(
      numbers.map(async (number) => {
        const key = number.toUpperCase();
        let found = known.get(key);
        if (!found) {
          found = candidatesByNumber(examId, number).then((cs) => cs.map((c) => c.personId));
          known.set(key, found);
        }
        return { number, personIds: await found };
      }),
    );
}

/** A work step: the next MATERIAL_CHUNK_ENTRIES entries, each attached or reported. */
async function workStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const at = job.position.after as ZipCursor | undefined;
  const zip = await open(job, at);
  const errors: RowError[] = [];
  const tally = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  const attached: Material[] = [];
  const lookup = numberLookup(examId);
  const store = fileStore();
  let ended = false;
  try {
    for (let n = 0; n < MATERIAL_CHUNK_ENTRIES; n++) {
      const e = await withZip(() => zip.next());
      if (!e) {
        ended = true;
        break;
      }
      const { entry, index } = e;
      const path = entry.fileName;
      if (isFolder(path)) continue;
      const refuse = (message: string) => {
        errors.push(fileError(index, path, message));
        tally.rejected++;
      };
      const named = checkFileName(path, entry.uncompressedSize);
      if (!named.ok) {
        refuse(named.message);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await zip.content(entry);
      } catch (err) {
        if (err instanceof StoreReadError) throw err;
        refuse('文件已损坏，无法解压');
        continue;
      }
      const content = checkFileContent(path, bytes.subarray(0, 16));
      if (!content.ok) {
        refuse(content.message);
        continue;
      }
      const owner = ownerOf(await lookup(named.numbers));
      if ('message' in owner) {
        refuse(owner.message);
        continue;
      }
      const materialId = materialIdOf(job.jobId, index);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const outcome = materialOutcome(materialId, sha256, await materialsOf(owner.personId, examId));
      if (outcome.kind === 'unchanged') {
        tally.unchanged++;
        continue;
      }
      tally.imported++;
      if (outcome.kind === 'again') continue;
      const material: Material = {
        materialId,
        examId,
        personId: owner.personId,
        name: baseName(path),
        type: content.type,
        bytes: bytes.length,
        sha256,
        source: 'handover',
        importId: job.jobId,
        entry: index + 1,
        addedAt: now().toISOString(),
      };
      // the file first, then its record: a record always has its file; a file without one (a step
      // that died between) is written again, to the same key, by the step run again
      await store.put(materialFileKey(material), bytes, 'application/octet-stream');
      if (await putMaterialOnce(material)) attached.push(material);
    }
  } finally {
    zip.close();
  }
  // this step's one audit record, under a key of its own (the step's start and number), so a step run
  // again rewrites it rather than adding one
  if (attached.length)
    await ddb.send(
      new PutCommand({
        TableName: tableName('audit'),
        Item: {
          pk: `EXAM#${examId}`,
          sk: `${job.updatedAt}#materials-${job.jobId}-${job.seq}`,
          at: job.updatedAt,
          subject: `EXAM#${examId}`,
          action: 'import.materialsAttached',
          actor: job.actor,
          details: {
            importId: job.jobId,
            entries: attached.map((m) => m.entry),
            personIds: attached.map((m) => m.personId),
            materialIds: attached.map((m) => m.materialId),
          },
        },
      }),
    );
  if (errors.length)
    await store.put(errorsKey(job.jobId, job.seq), Buffer.from(JSON.stringify(errors)), 'application/json');
  const cursor = zip.cursor();
  const through = ended || cursor.index >= zip.entryCount;
  const next = afterChunk(
    job,
    {
      stage: 'work',
      done: tally.imported + tally.unchanged,
      failed: [],
      failedElsewhere: tally.rejected,
      tally,
      end: through ? { source: 1 } : { source: 0, after: { ...cursor } },
    },
    now(),
  );
  return { job: next, also: through ? [lockRelease(examId, job.jobId)] : [], announce: [] };
}

/** One step of a materials ZIP import (the job runner calls it for `importRows` jobs of a ZIP). */
export async function materialsStep(job: Job): Promise<Step> {
  if (job.position.stage === 'count') return { job: await countStep(job), also: [], announce: [] };
  return workStep(job);
}
