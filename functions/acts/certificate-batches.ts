/**
 * Paper certificates arriving per batch (N3, R16) and their reissue (补发).
 *
 * Recording a batch: the verifier (provincial, or a municipal one for its own city) posts the list of
 * certificate numbers of one city's delivery. The request reads and checks every row — its cells,
 * repeats within the file, the candidate on record (this exam, this city, qualified, no certificate
 * yet) and the number (never used before) — and refuses the whole list, by row, if any row is wrong:
 * nothing is written. A good list is stored with the batch record and a job (functions/acts/jobs.ts)
 * that gives each candidate their certificate: the record, the lookup item of the public check
 * (functions/lib/certificates.ts) and the lifecycle's arrival (N3's 10 working days count from the
 * batch), each candidate in one transaction with its audit record and message, and their waiting
 * execution woken. A step run again skips who already has the number.
 *
 * Reissue: the holder of a paper certificate reports it lost and asks for a reissue (kept on their
 * record, and listed for the exam's staff); staff record the reissued certificate's number: the old
 * number reads `replaced` in the public check, the new one is marked 补发.
 */
import { Readable } from 'node:stream';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import {
  type ArrivalRow,
  arrivalRowErrors,
  batchOverdue,
  type CertificateBatch,
  distributionDeadline,
  MAX_BATCH_BYTES,
  MAX_BATCH_ROWS,
  paperCertificate,
  parseArrivalRows,
  type ReissueListing,
  readArrivalHeader,
  reissueCertificate,
  reissueRequestRefusal,
} from '../domain/arrival.js';
import { isIsoDate, todayInChina } from '../domain/calendar.js';
import { normalizeCertificateNumber, reissueRefusal } from '../domain/certificates.js';
import { authorize, cityScope, seesExamType } from '../domain/departments.js';
import { DomainError, notFound } from '../domain/errors.js';
import { certificateKind, type Exam, examType } from '../domain/exams.js';
import type { RowError } from '../domain/imports.js';
import { afterChunk, CHUNK_SIZE, type Job } from '../domain/jobs.js';
import { applyEvent } from '../domain/lifecycle.js';
import { isHenanCity } from '../domain/regions.js';
import { loadCalendar } from '../lib/calendar.js';
import { candidatePut, candidatesByNumber, readCandidate, type StoredCandidate } from '../lib/candidates.js';
import { getExam } from '../lib/catalog.js';
import {
  certificateLookupPut,
  certificateLookupReplace,
  takenCertificateNumbers,
} from '../lib/certificates.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { readRecords } from '../lib/list-file.js';
import { fanOut } from '../lib/rate-limit.js';
import { type Actor, actorLabel, type StaffActor } from './actor.js';
import { batchKey, examBatches } from './batches.js';
import { commitOutcome, loadCandidate, saveOutcome } from './candidate-change.js';
import { announce, prepareJob } from './jobs.js';

/** Where a batch's checked rows wait for its job (with each row's candidate). */
const rowsKey = (batchId: string) => `imports/batches/${batchId}.json`;

interface StoredRow extends ArrivalRow {
  personId: string;
}

const reissueKey = (examId: string, personId: string) => ({ pk: `REISSUE#${examId}`, sk: personId });

/** The exam, seen by this staff member, with paper certificates (an electronic one has none to arrive). */
export async function paperExam(actor: StaffActor, examId: string): Promise<Exam> {
  const exam = await getExam(examId);
  if (!exam || !seesExamType(actor.dept, exam.examType)) throw notFound('考试');
  const t = examType(exam.examType);
  if (t && certificateKind(t) === 'electronic')
    throw new DomainError('CONFLICT', '该考试只颁发电子证书，没有纸质证书到达（R17）', { rule: 'R17' });
  return exam;
}

/** The list's problems, by row: 400 naming the rows (the first 1,000), nothing written. */
function refuseRows(errors: RowError[]): never {
  errors.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const rows = new Set(errors.map((e) => e.row)).size;
  throw new DomainError('VALIDATION', `证书编号名单有 ${rows} 行有误，整份名单未登记，请改正后重新上传`, {
    fields: [{ field: 'body', message: `${rows} 行有误，整份名单未登记，请按下表改正后重新上传` }],
    rows: errors.slice(0, 1000),
  });
}

/**
 * POST …/certificate-batches?city=…: a batch arrived (N3). The list (CSV, UTF-8) as the body; refused
 * whole, by row, if any row is wrong; else the batch is recorded and its job started.
 */
export async function recordBatch(
  actor: StaffActor,
  examId: string,
  input: { city?: string | undefined; bytes: Buffer },
) {
  const exam = await paperExam(actor, examId);
  const city = input.city ?? cityScope(actor.dept);
  if (!city || !isHenanCity(city))
    throw new DomainError('VALIDATION', '请选择本批证书所属的地市', {
      fields: [{ field: 'city', message: '请选择地市' }],
    });
  authorize(actor.dept, 'certificates.recordArrival', { examType: exam.examType, city });
  if (!input.bytes.length)
    throw new DomainError('VALIDATION', '文件是空的', { fields: [{ field: 'body', message: '文件是空的' }] });
  if (input.bytes.length > MAX_BATCH_BYTES)
    throw new DomainError('PAYLOAD_TOO_LARGE', '文件超过 1 MB，请分批登记', {
      fields: [{ field: 'body', message: '文件超过 1 MB' }],
    });
  const records = await readRecords(Readable.from([input.bytes]), 0, MAX_BATCH_ROWS + 2);
  const header = readArrivalHeader(records[0]?.cells ?? []);
  const data = records.slice(1).map((r) => r.cells);
  if (!data.length)
    throw new DomainError('VALIDATION', '名单中没有证书编号', {
      fields: [{ field: 'body', message: '没有数据行' }],
    });
  if (data.length > MAX_BATCH_ROWS)
    throw new DomainError('VALIDATION', `一个批次最多 ${MAX_BATCH_ROWS} 行，请分批登记`, {
      fields: [{ field: 'body', message: `超过 ${MAX_BATCH_ROWS} 行` }],
    });
  const at = now();
  const arrivedAt = at.toISOString();
  const { rows, errors } = parseArrivalRows(header, data, todayInChina(at));
  // what is on record for each good row: its candidate, and whether its number is taken
  const found = new Map<number, StoredCandidate | undefined>();
  await fanOut(
    rows,
    async (r) => {
      const list = await candidatesByNumber(examId, r.candidateNo);
      found.set(r.row, list.length === 1 ? list[0] : undefined);
    },
    { limit: { ratePerSecond: 1_000_000, burst: 1_000_000 }, concurrency: 16, maxAttempts: 3 },
  );
  const taken = await takenCertificateNumbers(rows.map((r) => r.certificateNo));
  const stored: StoredRow[] = [];
  for (const r of rows) {
    const c = found.get(r.row);
    const problems = arrivalRowErrors(r, city, {
      ...(c ? { candidate: c } : {}),
      numberTaken: taken.has(r.certificateNo),
    });
    if (problems.length) errors.push(...problems);
    else if (c) stored.push({ ...r, personId: c.personId });
  }
  if (errors.length) refuseRows(errors);
  const cal = await loadCalendar();
  const due = distributionDeadline(cal, arrivedAt);
  const by = actorLabel(actor);
  const { job, item } = prepareJob({
    kind: 'arrival',
    action: 'recordArrival',
    cause: 'certificates.batchArrived',
    actor: by,
    examId,
    scope: { examIds: [examId] },
    sourceCount: 1,
  });
  const batch: CertificateBatch = {
    batchId: job.jobId,
    examId,
    city,
    arrivedAt,
    distributionDue: due,
    count: stored.length,
    recordedBy: by,
    jobId: job.jobId,
  };
  await fileStore().put(rowsKey(batch.batchId), Buffer.from(JSON.stringify(stored)), 'application/json');
  await transact(
    [
      {
        Put: {
          TableName: tableName('catalog'),
          Item: { ...batchKey(examId, batch.batchId), ...batch },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      item,
    ],
    {
      audit: {
        subject: `EXAM#${examId}`,
        action: 'certificates.batchArrived',
        actor: by,
        details: {
          rule: 'N3',
          batchId: batch.batchId,
          city,
          count: stored.length,
          distributionDue: due.date,
        },
      },
    },
  );
  await announce(job);
  return { batch: batchView(batch, at), jobId: job.jobId };
}

const batchView = (b: CertificateBatch, at: Date) => ({ ...b, overdue: batchOverdue(b, at) });

/** GET …/certificate-batches: the exam's batches (a municipal verifier: its city's), each with its N3 deadline. */
export async function listBatches(actor: StaffActor, examId: string) {
  await paperExam(actor, examId);
  const mine = cityScope(actor.dept);
  const at = now();
  const items = (await examBatches(examId))
    .filter((b) => !mine || b.city === mine)
    .sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt))
    .map((b) => batchView(b, at));
  return { items, reissues: await listReissues(examId, mine) };
}

/** One candidate's certificate arriving with the batch (idempotent: who has it already is skipped). */
async function arriveOne(batch: CertificateBatch, r: StoredRow, actor: string): Promise<void> {
  const l = await loadCandidate(batch.examId, r.personId);
  if (l.candidate.certificate?.number === r.certificateNo) return; // done by this step before
  const certificate = paperCertificate(r.certificateNo, r.issuedAt);
  const outcome = applyEvent(
    l.candidate,
    l.exam,
    l.deadlines,
    { type: 'certificatesArrived', certificate, at: batch.arrivedAt, batchId: batch.batchId },
    now(),
  );
  await commitOutcome(
    l,
    { ...outcome, details: { rule: 'N3', batchId: batch.batchId, number: r.certificateNo } },
    actor,
    [
      certificateLookupPut({
        ...certificate,
        holderName: l.candidate.name,
        exam: { id: l.exam.id, name: l.exam.name },
        personId: r.personId,
      }),
    ],
  );
}

/** One step of a batch's job: CHUNK_SIZE of its rows, each candidate given their certificate. */
export async function arrivalStep(job: Job): Promise<{ job: Job; also: TxItem[]; announce: Job[] }> {
  const examId = job.examId as string;
  const got = await ddb.send(
    new GetCommand({
      TableName: tableName('catalog'),
      Key: batchKey(examId, job.jobId),
      ConsistentRead: true,
    }),
  );
  if (!got.Item) throw notFound('证书批次');
  const batch = fromItem<CertificateBatch>(got.Item);
  const s = await fileStore().read(rowsKey(batch.batchId));
  if (!s) throw notFound('证书批次名单');
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  const rows = JSON.parse(Buffer.concat(chunks).toString()) as StoredRow[];
  if (job.position.stage === 'count')
    return {
      job: afterChunk(job, { stage: 'count', counted: rows.length, end: { source: 1 } }, now()),
      also: [],
      announce: [],
    };
  const from = Number((job.position.after as { index?: number } | undefined)?.index ?? 0);
  const part = rows.slice(from, from + CHUNK_SIZE);
  const report = await fanOut(part, (r) => arriveOne(batch, r, job.actor), {
    limit: { ratePerSecond: 200, burst: 50 },
    concurrency: 8,
    maxAttempts: 3,
    label: (r) => `row ${r.row}`,
  });
  const to = from + part.length;
  return {
    job: afterChunk(
      job,
      {
        stage: 'work',
        done: report.done,
        failed: report.failed,
        end: to >= rows.length ? { source: 1 } : { source: 0, after: { index: to } },
      },
      now(),
    ),
    also: [],
    announce: [],
  };
}

// --- reissue (补发) -----------------------------------------------------------------------------

async function listReissues(examId: string, city: string | undefined): Promise<ReissueListing[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `REISSUE#${examId}` },
    }),
  );
  return (r.Items ?? [])
    .map((i) => fromItem<ReissueListing>(i))
    .filter((x) => !city || x.city === city)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/**
 * POST /api/exams/{examId}/reissue-requests: the holder asks for a new certificate. R21: for an
 * electronic certificate (or an exam that issues only electronic ones) 409 quoting R21, nothing
 * written. A paper certificate's holder reports it lost: the request is kept on their record and
 * listed for the exam's staff (one open request at a time).
 */
export async function requestReissue(actor: Actor, examId: string, body: { reason?: string | undefined }) {
  if (actor.kind !== 'candidate') throw notFound('考生记录');
  const [c, exam] = await Promise.all([readCandidate(examId, actor.personId), getExam(examId)]);
  if (!c || !exam) throw notFound('考生记录');
  const t = examType(exam.examType);
  const refusal =
    reissueRefusal(c.certificate, !!t && certificateKind(t) === 'electronic') ??
    reissueRequestRefusal(c.certificate, c.reissue, !!(c.lifecycle?.deliveredAt || c.lifecycle?.collectedAt));
  if (refusal) throw refusal;
  const cert = c.certificate as NonNullable<typeof c.certificate>;
  const at = now().toISOString();
  const reason = body.reason?.trim();
  const reissue = {
    requestedAt: at,
    status: 'requested' as const,
    number: cert.number,
    ...(reason ? { reason } : {}),
  };
  const next: StoredCandidate = { ...c, reissue, version: c.version + 1, updatedAt: at };
  const listing: ReissueListing = {
    examId,
    personId: c.personId,
    city: c.city,
    candidateNo: c.candidateNo ?? '',
    name: c.name,
    number: cert.number,
    requestedAt: at,
    status: 'requested',
    ...(reason ? { reason } : {}),
  };
  await transact(
    [
      candidatePut(next, c.version),
      { Put: { TableName: tableName('catalog'), Item: { ...reissueKey(examId, c.personId), ...listing } } },
    ],
    {
      audit: {
        subject: keys.auditSubjectCandidate(examId, c.personId),
        action: 'certificate.reissueRequested',
        actor: actorLabel(actor),
        details: { number: cert.number },
      },
    },
  );
  return { status: 'requested' as const, requestedAt: at, number: cert.number };
}

/**
 * POST …/candidates/{personId}/reissue: staff record the reissued certificate's number (补发). The old
 * number reads `replaced` from today in the public check; the new one is the holder's certificate,
 * marked 补发, with its lookup item — in one transaction with the audit record.
 */
export async function completeReissue(
  actor: StaffActor,
  examId: string,
  personId: string,
  body: { certificateNo: string; issuedAt?: string | undefined },
) {
  const l = await loadCandidate(examId, personId);
  const c = l.candidate;
  if (!seesExamType(actor.dept, l.exam.examType)) throw notFound('考生记录');
  authorize(actor.dept, 'certificate.handOut', { examType: l.exam.examType, city: c.city });
  if (!c.certificate) throw new DomainError('CONFLICT', '该考生没有证书，不能补发');
  const number = normalizeCertificateNumber(body.certificateNo);
  const today = todayInChina(now());
  const on = body.issuedAt ?? today;
  if (!isIsoDate(on) || on > today)
    throw new DomainError('VALIDATION', '发证日期应为不晚于今天的 YYYY-MM-DD', {
      fields: [{ field: 'issuedAt', message: '发证日期应为不晚于今天的日期' }],
    });
  const made = reissueCertificate(c.certificate, c.reissue, number, on);
  if ((await takenCertificateNumbers([number])).size)
    throw new DomainError('VALIDATION', '该证书编号已经登记过，一个编号只能用一次', {
      fields: [{ field: 'certificateNo', message: '该证书编号已经登记过' }],
    });
  const candidate: StoredCandidate = {
    ...c,
    certificate: made.reissued,
    reissue: made.request,
    version: c.version + 1,
    updatedAt: now().toISOString(),
  };
  const saved = await saveOutcome(
    c,
    {
      candidate,
      notices: [],
      action: 'certificate.reissued',
      details: { replaced: made.replaced.number, number },
    },
    actorLabel(actor),
    true,
    l.exam,
    [
      certificateLookupReplace(made.replaced.number, today),
      certificateLookupPut({
        ...made.reissued,
        holderName: c.name,
        exam: { id: l.exam.id, name: l.exam.name },
        personId,
      }),
      {
        Update: {
          TableName: tableName('catalog'),
          Key: reissueKey(examId, personId),
          UpdateExpression: 'SET #s = :done, newNumber = :n',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':done': 'completed', ':n': number },
        },
      },
    ],
  );
  return { certificate: saved.certificate, replaced: made.replaced.number };
}
