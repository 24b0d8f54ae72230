/**
 * Reading a passing-list file as a stream (functions/domain/imports.ts says what its rows mean):
 * CSV with csv-parse (UTF-8 with or without BOM, CRLF or LF, quoted fields); an XLSX is turned once
 * into CSV (./xlsx-list.ts, exceljs's streaming reader) so every later read can start at a byte offset. Memory stays
 * flat whatever the file's size: rows are read a chunk at a time and never all held.
 */
import type { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { DomainError } from '../domain/errors.js';

const csvOptions = { bom: true, info: true, relax_column_count: true, skip_empty_lines: true } as const;

const notUtf8 = () =>
  new DomainError(
    'VALIDATION',
    '文件不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8（逗号分隔）”后重新上传',
    {
      fields: [{ field: 'body', message: '文件不是 UTF-8 编码' }],
    },
  );

function csvProblem(e: unknown): DomainError {
  const c = e as CsvError;
  if (c?.code && String(c.code).startsWith('CSV_')) {
    const line = (c as unknown as { lines?: number }).lines;
    return new DomainError(
      'VALIDATION',
      `CSV 格式有误${line ? `（约第 ${line} 行）` : ''}：引号未闭合或字段格式不正确`,
      {
        fields: [{ field: 'body', message: 'CSV 格式有误' }],
      },
    );
  }
  return e instanceof DomainError
    ? e
    : new DomainError('VALIDATION', '无法读取文件', { fields: [{ field: 'body', message: '无法读取文件' }] });
}

export interface CsvRecord {
  cells: string[];
  /** the byte offset just after this record (where the next read starts) */
  end: number;
}

/**
 * The records of a CSV from byte `start`, at most `max` of them, then stop reading. Cells with the
 * replacement character mean the file was not UTF-8: refused.
 */
export async function readRecords(stream: Readable, start: number, max: number): Promise<CsvRecord[]> {
  const parser = stream.pipe(parse({ ...csvOptions, bom: start === 0 }));
  const out: CsvRecord[] = [];
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      if (r.record.some((c) => c.includes('\uFFFD'))) throw notUtf8();
      out.push({ cells: r.record, end: start + r.info.bytes });
      if (out.length >= max) break;
    }
  } catch (e) {
    throw csvProblem(e);
  } finally {
    stream.destroy();
  }
  return out;
}

/** Count the records of a CSV from byte `start` to its end (checking every one parses). */
export async function countRecords(stream: Readable, start: number): Promise<number> {
  const parser = stream.pipe(parse({ ...csvOptions, bom: start === 0 }));
  let n = 0;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[] }>) {
      if (r.record.some((c) => c.includes('\uFFFD'))) throw notUtf8();
      n++;
    }
  } catch (e) {
    throw csvProblem(e);
  }
  return n;
}
