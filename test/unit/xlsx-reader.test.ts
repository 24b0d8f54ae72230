/**
 * The inline import's header check (functions/acts/imports.ts) loads exceljs's streaming reader on its
 * own, by its file inside exceljs: it must stay the very class exceljs exports, so the request reads an
 * XLSX exactly as exceljs does (and as the job's conversion, functions/lib/xlsx-list.ts, does).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import { describe, expect, it } from 'vitest';
import { xlsxHeaderRow } from '../../functions/lib/xlsx-header.js';

describe('the XLSX header reader', () => {
  it('is exceljs’s own stream.xlsx.WorkbookReader, loaded alone', () => {
    expect(WorkbookReader).toBe(ExcelJS.stream.xlsx.WorkbookReader);
  });

  it('R5: reads header cells as the list conversion does: rich text joined, a hyperlink’s text, a formula’s result, a number as typed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow([
      { richText: [{ font: { bold: true }, text: '准考' }, { text: '证号' }] },
      { text: '姓名', hyperlink: 'https://example.invalid/' },
      { formula: '"身份"&"证号"', result: '身份证号' },
      2024,
      null,
      '手机号',
    ]);
    ws.addRow(['T1', '张三', '', 1, '', '']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await xlsxHeaderRow(Readable.from([bytes]))).toEqual([
      '准考证号',
      '姓名',
      '身份证号',
      '2024',
      '',
      '手机号',
    ]);
  });

  it('answers null for a file that is not a workbook', async () => {
    expect(
      await xlsxHeaderRow(Readable.from([Buffer.from('PK\u0003\u0004 not really a workbook')])),
    ).toBeNull();
  });
});
