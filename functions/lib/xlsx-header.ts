/**
 * An XLSX list's first row (read no further), by exceljs's streaming reader loaded on its own (the class
 * exceljs exports as `stream.xlsx.WorkbookReader`, without the writers, archiver and jszip that `exceljs`
 * itself loads): the file worker's spreadsheet task (functions/acts/file-tasks.ts), for the inline
 * import's header check (functions/acts/imports.ts). null: not a workbook (not a ZIP, a broken one, or
 * a ZIP without a worksheet).
 */
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import { cellText } from './xlsx-cell.js';

export async function xlsxHeaderRow(file: Readable): Promise<string[] | null> {
  try {
    const reader = new WorkbookReader(file, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ values: ExcelJS.CellValue[] }>) {
        // Array.from, not map: an empty cell is a hole in exceljs's row, and map would skip it
        return Array.from(row.values.slice(1), cellText);
      }
      return []; // a worksheet without rows: the header check says what is missing
    }
  } catch {
    // not a ZIP at all, or a broken one
  }
  return null;
}
