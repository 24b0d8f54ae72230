/**
 * Paper certificates arriving (N3, R16) and their reissue (补发): pure. A batch is what one delivery
 * from the printer brings to one city: a list of certificate numbers, one per candidate
 * (`candidateNo, certificateNo[, issuedAt]`, read like the passing list, functions/domain/imports.ts).
 * A candidate's certificate has arrived when a batch holding its number is recorded; distribution
 * starts within 10 working days of that batch's arrival (N3, on the legal calendar, T5).
 *
 * A list is taken whole or not at all: every row is checked first (its own cells, repeats within the
 * file, then what is on record), and any problem is reported by row with nothing written.
 */
import { addWorkingDays, type Deadline, type HolidayCalendar, isIsoDate, todayInChina } from './calendar.js';
import {
  type CertificateRecord,
  checkableCertificateNumber,
  normalizeCertificateNumber,
  replaceCertificate,
} from './certificates.js';
import { DomainError } from './errors.js';
import { candidateNoSchema, type RowError } from './imports.js';
import { cellOf, readListHeader } from './list-columns.js';

/** The columns of a certificate-number list: English key or the Chinese label. */
export const arrivalColumns = {
  candidateNo: { label: '准考证号', required: true },
  certificateNo: { label: '证书编号', required: true },
  issuedAt: { label: '发证日期', required: false },
} as const;
export type ArrivalColumn = keyof typeof arrivalColumns;

/** The most rows one batch takes (a city's delivery); a larger delivery is recorded as several. */
export const MAX_BATCH_ROWS = 5000;
/** The most bytes a batch's list takes in the request. */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** N3: distribution starts within this many working days of the certificates' arrival. */
export const DISTRIBUTION_WORKING_DAYS = 10;

/** Where each column is in the header row; 400 naming the missing (or repeated) columns otherwise. */
export function readArrivalHeader(cells: readonly string[]): Partial<Record<ArrivalColumn, number>> {
  return readListHeader(arrivalColumns, cells);
}

/** One good row: the candidate (by number), the certificate's number and its issue date. */
export interface ArrivalRow {
  row: number;
  candidateNo: string;
  certificateNo: string;
  issuedAt: string;
}

/**
 * Every data row read by the header (the header is row 1): the good rows, and each problem by row and
 * column — a cell that is wrong, or a candidate or a certificate number that appears twice in the file.
 * A row without `issuedAt` takes `arrivedOn`, the day the batch arrived.
 */
export function parseArrivalRows(
  header: Partial<Record<ArrivalColumn, number>>,
  records: readonly (readonly string[])[],
  arrivedOn: string,
): { rows: ArrivalRow[]; errors: RowError[] } {
  const rows: ArrivalRow[] = [];
  const errors: RowError[] = [];
  const byCandidate = new Map<string, number>();
  const byNumber = new Map<string, number>();
  records.forEach((cells, i) => {
    const row = i + 2;
    const cell = cellOf(header, cells);
    const bad = (field: ArrivalColumn, message: string) => errors.push({ row, field, message });
    const before = errors.length;
    const no = candidateNoSchema.safeParse(cell('candidateNo'));
    if (!no.success) bad('candidateNo', no.error.issues[0]?.message ?? '准考证号格式不正确');
    const number = normalizeCertificateNumber(cell('certificateNo'));
    if (number.length < 4 || !checkableCertificateNumber(number))
      bad('certificateNo', '证书编号应为4–40位大写字母、数字或连字符');
    const issued = cell('issuedAt') || arrivedOn;
    if (!isIsoDate(issued)) bad('issuedAt', '发证日期应为 YYYY-MM-DD，如 2026-11-20');
    else if (issued > arrivedOn) bad('issuedAt', '发证日期不能晚于证书到达日期');
    if (no.success) {
      const key = no.data.toUpperCase();
      const earlier = byCandidate.get(key);
      if (earlier !== undefined) bad('candidateNo', `该准考证号与第 ${earlier} 行重复`);
      else byCandidate.set(key, row);
    }
    if (number) {
      const earlier = byNumber.get(number);
      if (earlier !== undefined) bad('certificateNo', `证书编号与第 ${earlier} 行重复，一个编号只能用一次`);
      else byNumber.set(number, row);
    }
    if (errors.length === before && no.success)
      rows.push({ row, candidateNo: no.data, certificateNo: number, issuedAt: issued });
  });
  return { rows, errors };
}

/** What is on record for a row's candidate and number (read by the act). */
export interface ArrivalRecordFacts {
  /** the candidate with that number in this exam, if any */
  candidate?: {
    city: string;
    status: string;
    certificate?: Pick<CertificateRecord, 'number'>;
  };
  /** whether a certificate with that number is on record already (any exam) */
  numberTaken: boolean;
}

/** A row's problems with what is on record: unknown candidate, another city, not qualified, a number taken. */
export function arrivalRowErrors(r: ArrivalRow, city: string, f: ArrivalRecordFacts): RowError[] {
  const out: RowError[] = [];
  const c = f.candidate;
  if (!c) out.push({ row: r.row, field: 'candidateNo', message: '本考试没有该准考证号的考生' });
  else if (c.city !== city)
    out.push({ row: r.row, field: 'candidateNo', message: '该考生不属于本批次的地市' });
  else if (c.status !== 'qualified')
    out.push({ row: r.row, field: 'candidateNo', message: '该考生不是核查合格的考生，没有证书' });
  else if (c.certificate)
    out.push({
      row: r.row,
      field: 'candidateNo',
      message: `该考生的证书（${c.certificate.number}）已登记到达`,
    });
  if (f.numberTaken)
    out.push({ row: r.row, field: 'certificateNo', message: '该证书编号已经登记过，一个编号只能用一次' });
  return out;
}

/** The paper certificate a row records. */
export function paperCertificate(number: string, issuedAt: string): CertificateRecord {
  return { kind: 'paper', number, issuedAt, status: 'valid' };
}

/** N3: a batch's distribution deadline — 10 working days after the China date it arrived (that day not counted). */
export function distributionDeadline(cal: HolidayCalendar, arrivedAt: string): Deadline {
  return addWorkingDays(cal, todayInChina(new Date(arrivedAt)), DISTRIBUTION_WORKING_DAYS, {
    countStartDay: false,
  });
}

/** A recorded batch, as stored and shown. */
export interface CertificateBatch {
  batchId: string;
  examId: string;
  city: string;
  /** when it was recorded as arrived (the instant N3 counts from) */
  arrivedAt: string;
  /** N3: the last day of the distribution deadline and its end (T4) */
  distributionDue: { date: string; endsAt: string; provisional: boolean };
  count: number;
  recordedBy: string;
  jobId: string;
  /** when distribution of the batch started (its China Post manifest or its first certificate handed out on site), once it has */
  distributionStartedAt?: string;
}

/** N3: a batch is overdue when its distribution deadline has passed and distribution has not started. */
export function batchOverdue(
  b: Pick<CertificateBatch, 'distributionDue' | 'distributionStartedAt'>,
  now: Date,
) {
  return !b.distributionStartedAt && Date.parse(b.distributionDue.endsAt) <= now.getTime();
}

// --- reissue (补发) -----------------------------------------------------------------------------

/** A holder's reissue request, kept on their record. */
export interface ReissueRequest {
  requestedAt: string;
  /** the holder's account: lost, damaged, … */
  reason?: string;
  status: 'requested' | 'completed';
  /** the number of the certificate the request is about */
  number: string;
  completedAt?: string;
  /** the reissued certificate's number */
  newNumber?: string;
}

/** A reissue request as the exam's staff list it (beside the holder's record). */
export interface ReissueListing {
  examId: string;
  personId: string;
  city: string;
  candidateNo: string;
  name: string;
  number: string;
  reason?: string;
  requestedAt: string;
  status: 'requested' | 'completed';
  newNumber?: string;
}

/**
 * A holder of a paper certificate reports it lost and asks for a reissue: only a valid paper
 * certificate that reached its holder (delivered by post or collected on site), and one request at a
 * time. Null when the request may be recorded.
 */
export function reissueRequestRefusal(
  c: CertificateRecord | undefined,
  open: ReissueRequest | undefined,
  handedOver: boolean,
): DomainError | null {
  if (c?.kind !== 'paper') return new DomainError('CONFLICT', '您还没有纸质证书，不能申请补发');
  if (c.status !== 'valid') return new DomainError('CONFLICT', '该证书已失效，不能申请补发');
  if (!handedOver) return new DomainError('CONFLICT', '证书寄达或现场领取后，方可申请补发');
  if (open?.status === 'requested') return new DomainError('CONFLICT', '您已申请补发，请等待发证部门办理');
  return null;
}

/**
 * Staff record the reissued certificate: the old one reads `replaced` from that day, the new one is
 * marked 补发 (reissued) with the number it replaces.
 */
export function reissueCertificate(
  old: CertificateRecord,
  request: ReissueRequest | undefined,
  number: string,
  on: string,
): { replaced: CertificateRecord; reissued: CertificateRecord; request: ReissueRequest } {
  if (request?.status !== 'requested') throw new DomainError('CONFLICT', '该考生没有待办理的补发申请');
  if (old.status !== 'valid') throw new DomainError('CONFLICT', '该证书已失效，不能补发');
  if (number === old.number)
    throw new DomainError('VALIDATION', '补发证书的编号不能与原证书相同', {
      fields: [{ field: 'certificateNo', message: '补发证书的编号不能与原证书相同' }],
    });
  return {
    replaced: replaceCertificate(old, on),
    reissued: { kind: 'paper', number, issuedAt: on, status: 'valid', reissued: true, replaces: old.number },
    request: { ...request, status: 'completed', completedAt: on, newNumber: number },
  };
}
