/**
 * Dispatch and delivery of paper certificates by China Post (R16, R18, R19, N3): pure.
 *
 * - The manifest (交寄清单): one row per booked candidate whose certificate has arrived and is not yet
 *   dispatched (a failed first delivery puts the booking back on it); exporting it locks each booking.
 * - The tracking file (`reference, trackingNo`) China Post gives back: each row dispatches one booking.
 * - The delivery results (`reference, result, reason, at`): delivered, or failed — a second attempt once
 *   (the booking returns to the next manifest), then on site (R19).
 *
 * A file's own problems (a wrong header, a bad cell, a reference twice) refuse it whole, by row; a
 * reference no manifest of the exam listed is reported by row and the other rows are applied.
 */
import { isIsoDate } from './calendar.js';
import type { Candidate } from './candidate.js';
import type { RowError } from './imports.js';
import { cellOf, type ListColumns } from './list-columns.js';

/** The manifest's columns, in China Post's order. */
export const manifestColumns = [
  '收件人',
  '电话',
  '省',
  '市',
  '区县',
  '详细地址',
  '邮编',
  '内件',
  '到付',
  'reference',
] as const;
export const MANIFEST_SHEET = '交寄清单';
/** R18: postage is paid on delivery. */
export const COD_MARK = '是';

/** The most rows (and bytes) one tracking or delivery file takes. */
export const MAX_POST_ROWS = 5000;
export const MAX_POST_BYTES = 1024 * 1024;

/**
 * Whether the candidate belongs on the next manifest: qualified, booked, their paper certificate
 * arrived (N3), not dispatched (or back after a first failed delivery), not delivered, not on site.
 */
export function onManifest(c: Candidate): boolean {
  const f = c.lifecycle;
  return (
    c.status === 'qualified' &&
    !!c.booking &&
    !!f?.bookedAt &&
    c.certificate?.kind === 'paper' &&
    c.certificate.status === 'valid' &&
    !!f.certificateArrivedAt &&
    !f.trackingNo &&
    !f.deliveredAt &&
    (f.deliveryFailures ?? 0) < 2
  );
}

/** The candidate's manifest row (call only when `onManifest`). */
export function manifestLine(c: Candidate): string[] {
  const b = c.booking as NonNullable<Candidate['booking']>;
  return [
    b.recipient,
    b.phone,
    b.provinceName,
    b.cityName,
    b.districtName,
    b.street,
    b.postcode,
    c.certificate?.number ?? '',
    COD_MARK,
    b.reference,
  ];
}

export const trackingColumns = {
  reference: { label: '预约编号', required: true },
  trackingNo: { label: '运单号', required: true },
} as const satisfies ListColumns<string>;
export type TrackingColumn = keyof typeof trackingColumns;

export const deliveryColumns = {
  reference: { label: '预约编号', required: true },
  result: { label: '投递结果', required: true },
  reason: { label: '原因', required: false },
  at: { label: '时间', required: true },
} as const satisfies ListColumns<string>;
export type DeliveryColumn = keyof typeof deliveryColumns;

const REFERENCE = /^[A-Z0-9]{4,40}$/;
const TRACKING = /^[A-Z0-9]{8,30}$/;
const normalize = (s: string) => s.replace(/\s+/g, '').toUpperCase();

export interface TrackingRow {
  row: number;
  reference: string;
  trackingNo: string;
}

export type DeliveryResult = 'delivered' | 'failed';
export interface DeliveryRow {
  row: number;
  reference: string;
  result: DeliveryResult;
  reason: string;
  /** when China Post delivered or gave up (an ISO instant) */
  at: string;
}

const results: Record<string, DeliveryResult> = {
  delivered: 'delivered',
  妥投: 'delivered',
  已妥投: 'delivered',
  failed: 'failed',
  未妥投: 'failed',
  投递失败: 'failed',
};

/** A time cell: YYYY-MM-DD (China's midnight), or an ISO instant with its offset; null if neither. */
export function deliveryInstant(text: string): string | null {
  const cell: string = text;
  if (isIsoDate(text)) return new Date(`${cell}T00:00:00+08:00`).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(cell)) return null;
  const t = Date.parse(cell.replace(' ', 'T'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * Reads each data row (the header is row 1) with `read`, which returns the row or its problems, and
 * reports a reference that appears twice in the file.
 */
function readRows<K extends 'reference', R extends { reference: string }>(
  header: Partial<Record<K | string, number>>,
  records: readonly (readonly string[])[],
  read: (cell: (k: string) => string, bad: (field: string, message: string) => void) => Omit<R, 'row'>,
): { rows: (R & { row: number })[]; errors: RowError[] } {
  const rows: (R & { row: number })[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  records.forEach((cells, i) => {
    const row = i + 2;
    const before = errors.length;
    const bad = (field: string, message: string) => errors.push({ row, field, message });
    const cell = cellOf(header, cells);
    const reference = normalize(cell('reference'));
    if (!REFERENCE.test(reference)) bad('reference', '预约编号应为4–40位大写字母或数字');
    else {
      const earlier = seen.get(reference);
      if (earlier !== undefined) bad('reference', `该预约编号与第 ${earlier} 行重复`);
      else seen.set(reference, row);
    }
    const r = read(cell, bad);
    if (errors.length === before) rows.push({ ...(r as R), reference, row });
  });
  return { rows, errors };
}

/** The tracking file's rows: a reference and China Post's tracking number each. */
export function parseTrackingRows(
  header: Partial<Record<TrackingColumn, number>>,
  records: readonly (readonly string[])[],
): { rows: TrackingRow[]; errors: RowError[] } {
  return readRows<'reference', TrackingRow>(header, records, (cell, bad) => {
    const trackingNo = normalize(cell('trackingNo'));
    if (!TRACKING.test(trackingNo)) bad('trackingNo', '运单号应为8–30位大写字母或数字');
    return { reference: '', trackingNo };
  });
}

/**
 * The delivery file's rows: a reference, delivered or failed (a failure says why), and when — not
 * after `now`.
 */
export function parseDeliveryRows(
  header: Partial<Record<DeliveryColumn, number>>,
  records: readonly (readonly string[])[],
  now: Date,
): { rows: DeliveryRow[]; errors: RowError[] } {
  return readRows<'reference', DeliveryRow>(header, records, (cell, bad) => {
    const result = results[cell('result').toLowerCase()];
    if (!result) bad('result', '投递结果应为 delivered（妥投）或 failed（未妥投）');
    const reason = cell('reason');
    if (result === 'failed' && !reason) bad('reason', '投递未成功的，请填写原因');
    if (reason.length > 200) bad('reason', '原因最多200字');
    const at = deliveryInstant(cell('at'));
    if (!at) bad('at', '时间应为 YYYY-MM-DD 或带时区的时间，如 2026-11-20T10:30:00+08:00');
    else if (Date.parse(at) > now.getTime()) bad('at', '时间不能晚于现在');
    return { reference: '', result: result ?? 'delivered', reason, at: at ?? '' };
  });
}

/** What the candidate and staff read of the post: the tracking number and the delivery state. */
export type DeliveryState = 'waiting' | 'inTransit' | 'retry' | 'delivered' | 'onSite';
export interface DeliveryView {
  state: DeliveryState;
  trackingNo: string | null;
  failures: number;
  deliveredAt: string | null;
}

/** The post of a booked candidate's paper certificate, or null (not booked, or electronic). */
export function deliveryView(c: Candidate): DeliveryView | null {
  const f = c.lifecycle;
  if (!c.booking || !f?.bookedAt) return null;
  const failures = f.deliveryFailures ?? 0;
  const state: DeliveryState = f.deliveredAt
    ? 'delivered'
    : failures >= 2
      ? 'onSite'
      : f.trackingNo
        ? 'inTransit'
        : failures
          ? 'retry'
          : 'waiting';
  return { state, trackingNo: f.trackingNo ?? null, failures, deliveredAt: f.deliveredAt ?? null };
}
