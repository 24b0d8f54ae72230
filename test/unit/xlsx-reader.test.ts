/**
 * The inline import's header check (functions/acts/imports.ts) loads exceljs's streaming reader on its
 * own, by its file inside exceljs: it must stay the very class exceljs exports, so the request reads an
 * XLSX exactly as exceljs does (and as the job's conversion, functions/lib/xlsx-list.ts, does).
 */
import ExcelJS from 'exceljs';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import { describe, expect, it } from 'vitest';

describe('the XLSX header reader', () => {
  it('is exceljs’s own stream.xlsx.WorkbookReader, loaded alone', () => {
    expect(WorkbookReader).toBe(ExcelJS.stream.xlsx.WorkbookReader);
  });
});
