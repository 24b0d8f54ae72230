/**
 * The hand-over of the passing list (R5, N2) as a file: which columns it has (English keys or the Chinese
 * labels hr's spreadsheets use), what a good row is, and what the import of one row does to the
 * candidate already on record. Pure: the file is read by the act layer (functions/acts/imports.ts).
 */
import {
  type CandidateStatus,
  type CommitmentChecks,
  chineseNameSchema,
  idNumberSchema,
  mobileSchema,
  type OnlineCheckResult,
} from './candidate.js';
import { DomainError, type FieldIssue } from './errors.js';
import { henanCities } from './regions.js';
import * as z from './zod.js';

/** The largest file taken in the request itself; bigger ones go through an upload URL. */
export const MAX_INLINE_BYTES = 5 * 1024 * 1024;
/** The largest list taken at all (200,000 rows are about 35 MB). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Errors kept on the import itself (all of them are in its errors.csv). */
export const MAX_LISTED_ERRORS = 1000;
/** Rows per chunk of the import job. */
export const IMPORT_CHUNK_ROWS = 500;

export const importFormats = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  // the registration materials handed over with the list (functions/domain/materials.ts)
  'application/zip': 'zip',
} as const;
export type ImportFormat = (typeof importFormats)[keyof typeof importFormats];

/** The format of an upload from its content type (parameters such as `charset` ignored), or a 415. */
export function importFormatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // own keys only: a type named like an Object property ('constructor') is no format
  const format = Object.hasOwn(importFormats, type)
    ? (importFormats as Record<string, ImportFormat>)[type]
    : undefined;
  if (!format)
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      '请上传名单 CSV（text/csv，UTF-8）或 Excel（.xlsx）文件，或材料压缩包（.zip）',
      {
        fields: [{ field: 'content-type', message: `不支持的文件类型：${type || '未注明'}` }],
      },
    );
  return format;
}

/** The list's size: not empty, not over the limit for the way it came. */
export function checkImportSize(bytes: number, limit: number): void {
  if (bytes === 0)
    throw new DomainError('VALIDATION', '文件是空的', { fields: [{ field: 'body', message: '文件是空的' }] });
  if (bytes > limit) {
    const mb = Math.round(limit / 1024 / 1024);
    throw new DomainError('PAYLOAD_TOO_LARGE', `文件超过 ${mb} MB，请通过上传链接上传`, {
      fields: [{ field: 'body', message: `文件超过 ${mb} MB` }],
    });
  }
}

/** The columns of the passing list: English key, Chinese label, required or not. */
export const importColumns = {
  candidateNo: { label: '准考证号', required: true },
  name: { label: '姓名', required: true },
  idNumber: { label: '身份证号', required: true },
  phone: { label: '手机号', required: true },
  city: { label: '地市', required: true },
  employer: { label: '工作单位', required: false },
  education: { label: '学历核验', required: true },
  major: { label: '专业核验', required: true },
  workYears: { label: '工作年限核验', required: true },
} as const;
export type ImportColumn = keyof typeof importColumns;
const columnKeys = Object.keys(importColumns) as ImportColumn[];

/** Header cell → what it holds: one of the columns, or a subject score (any other non-empty header). */
export type HeaderCell = { column: ImportColumn } | { subject: string } | null;

/** How a file's header row is read: each cell's meaning, by position. */
export function readHeader(cells: readonly string[]): HeaderCell[] {
  return cells.map((raw) => {
    const cell = raw.replace(/^\uFEFF/, '').trim();
    if (!cell) return null;
    const column = columnKeys.find((k) => k === cell || importColumns[k].label === cell);
    return column ? { column } : { subject: cell };
  });
}

/** The header must name every required column, each once: 400 naming the missing ones otherwise. */
export function checkHeader(header: readonly HeaderCell[]): void {
  const seen = header.flatMap((h) => (h && 'column' in h ? [h.column] : []));
  const missing = columnKeys.filter((k) => importColumns[k].required && !seen.includes(k));
  const twice = columnKeys.filter((k) => seen.filter((s) => s === k).length > 1);
  const fields: FieldIssue[] = [
    ...missing.map((k) => ({ field: k, message: `缺少“${importColumns[k].label}”（${k}）列` })),
    ...twice.map((k) => ({ field: k, message: `“${importColumns[k].label}”（${k}）列出现了不止一次` })),
  ];
  if (fields.length)
    throw new DomainError('VALIDATION', `表头不完整：${fields.map((f) => f.message).join('；')}`, { fields });
}

const checkWords: Record<string, OnlineCheckResult> = {
  通过: 'passed',
  未通过: 'failed',
  需人工核查: 'manual',
  passed: 'passed',
  failed: 'failed',
  manual: 'manual',
};
// a zod/mini transform is handed the parse payload (classic zod's ctx.addIssue is not there): its issues
const checkSchema = z.pipe(
  z.string().check(z.trim()),
  z.transform((v: string, ctx) => {
    const r = Object.hasOwn(checkWords, v) ? checkWords[v] : undefined;
    if (!r) {
      ctx.issues.push({ code: 'custom', message: '核验结果应为 通过、未通过 或 需人工核查', input: v });
      return z.NEVER;
    }
    return r;
  }),
);

const cityNames = new Map([...henanCities].map(([code, name]) => [name, code]));
const citySchema = z.pipe(
  z.string().check(z.trim()),
  z.transform((v: string, ctx) => {
    const code = henanCities.has(v) ? v : cityNames.get(v);
    if (!code) {
      ctx.issues.push({
        code: 'custom',
        message: '地市应为河南省地市代码（如 4101）或名称（如 郑州市）',
        input: v,
      });
      return z.NEVER;
    }
    return code;
  }),
);

export const candidateNoSchema = z
  .string()
  .check(z.trim(), z.regex(/^[A-Za-z0-9-]{4,30}$/, '准考证号应为4–30位字母、数字或连字符'));

const scoreSchema = z
  .pipe(
    z.string().check(z.trim(), z.regex(/^\d{1,3}(\.\d{1,2})?$/, '成绩应为数字，如 85 或 72.5')),
    z.transform(Number),
  )
  .check(z.refine((n) => n <= 300, '成绩不应超过300'));

export const importRowSchema = z.object({
  candidateNo: candidateNoSchema,
  name: chineseNameSchema,
  idNumber: idNumberSchema,
  phone: z.pipe(z.string().check(z.trim()), mobileSchema),
  city: citySchema,
  employer: z.optional(z.string().check(z.trim(), z.maxLength(100, '工作单位不超过100字'))),
  education: checkSchema,
  major: checkSchema,
  workYears: checkSchema,
});

/** One good row of the list, as the candidate record takes it. */
export interface ImportedRow {
  candidateNo: string;
  name: string;
  idNumber: string;
  phone: string;
  city: string;
  employer?: string;
  commitment: CommitmentChecks;
  scores?: Record<string, number>;
}

export interface RowError {
  /** the row number as a spreadsheet shows it: the header is row 1 */
  row: number;
  /** the English key of the column (a subject's header for a score) */
  field: string;
  message: string;
}

/** Read one data row by the header: the row, or every problem it has (row and field named). */
export function parseRow(
  header: readonly HeaderCell[],
  cells: readonly string[],
  row: number,
): { ok: true; value: ImportedRow } | { ok: false; errors: RowError[] } {
  const raw: Record<string, string> = {};
  const scores: Record<string, string> = {};
  header.forEach((h, i) => {
    const v = cells[i] ?? '';
    if (!h) return;
    if ('column' in h) raw[h.column] = v;
    else if (v.trim() !== '') scores[h.subject] = v;
  });
  const errors: RowError[] = [];
  const input: Record<string, unknown> = { ...raw };
  if (!raw.employer?.trim()) delete input.employer;
  const parsed = importRowSchema.safeParse(input);
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      const field = String(i.path[0] ?? 'row');
      if (errors.some((e) => e.field === field)) continue; // one message per field: the first
      const missing = (raw[field] ?? '').trim() === '';
      errors.push({
        row,
        field,
        message: missing ? `缺少${importColumns[field as ImportColumn]?.label ?? field}` : i.message,
      });
    }
  const scoreValues: Record<string, number> = {};
  for (const [subject, v] of Object.entries(scores)) {
    const s = scoreSchema.safeParse(v);
    if (s.success) scoreValues[subject] = s.data;
    else errors.push({ row, field: subject, message: s.error.issues[0]?.message ?? '成绩格式不正确' });
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  const { education, major, workYears, employer, ...rest } = parsed.data;
  return {
    ok: true,
    value: {
      ...rest,
      ...(employer ? { employer } : {}),
      commitment: { education, major, workYears },
      ...(Object.keys(scoreValues).length ? { scores: scoreValues } : {}),
    },
  };
}

/** What the import of a row is to the candidate on record. */
export type RowOutcome =
  | { kind: 'new' }
  | { kind: 'unchanged' }
  | { kind: 'update'; changed: string[] }
  | { kind: 'duplicate'; earlierRow: number }
  | { kind: 'refused'; message: string }
  /** written by this very row of this import already (a chunk run again): counted as it was, not written */
  | { kind: 'again'; as: 'new' | 'update' | 'unchanged' };

/** The imported data of a candidate record, as compared with a row. */
export interface ImportedFacts {
  candidateNo?: string;
  name: string;
  phone: string;
  city: string;
  employer?: string;
  commitment?: CommitmentChecks;
  scores?: Record<string, number>;
  status: CandidateStatus;
  /** the import and row that last saw this record, and what it did: made it, changed it, or neither */
  importedFrom?: { importId: string; row: number; as: 'new' | 'update' | 'unchanged' };
}

const comparable = (
  f: Pick<ImportedFacts, 'candidateNo' | 'name' | 'phone' | 'city' | 'employer' | 'commitment' | 'scores'>,
) => ({
  candidateNo: f.candidateNo ?? null,
  name: f.name,
  phone: f.phone,
  city: f.city,
  employer: f.employer ?? null,
  // field by field: a stored map's key order is not kept
  commitment: f.commitment
    ? `${f.commitment.education}|${f.commitment.major}|${f.commitment.workYears}`
    : null,
  scores: f.scores ? JSON.stringify(Object.entries(f.scores).sort(([a], [b]) => a.localeCompare(b))) : null,
});

/**
 * A row against the record on file for the same person and exam: new; the same (nothing to write);
 * changed (which fields); the same person twice in this very import (the later row refused, naming
 * the earlier); this very row again (a chunk run twice: counted as before); or refused because
 * verification has moved on (only a candidate still being verified takes new data from the list).
 */
export function rowOutcome(
  row: ImportedRow,
  rowNo: number,
  importId: string,
  existing: ImportedFacts | undefined,
): RowOutcome {
  if (!existing) return { kind: 'new' };
  const from = existing.importedFrom;
  if (from?.importId === importId)
    return from.row === rowNo ? { kind: 'again', as: from.as } : { kind: 'duplicate', earlierRow: from.row };
  const before = comparable(existing);
  const after = comparable(row);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
  if (!changed.length) return { kind: 'unchanged' };
  if (existing.status !== 'verifying')
    return { kind: 'refused', message: '该考生已不在资格核查中，名单中的变更未导入，请联系核查部门' };
  return { kind: 'update', changed };
}

/** What the outcome means for the row's error report. */
export function outcomeError(outcome: RowOutcome, rowNo: number): RowError | null {
  if (outcome.kind === 'duplicate')
    return {
      row: rowNo,
      field: 'idNumber',
      message: `身份证号与第 ${outcome.earlierRow} 行重复，本行未导入`,
    };
  if (outcome.kind === 'refused') return { row: rowNo, field: 'row', message: outcome.message };
  return null;
}

/** The import's tally, as `GET …/imports/{importId}` shows it. */
export interface ImportTally {
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
export const emptyTally: ImportTally = { total: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0 };
