/**
 * A passing list uploaded as XLSX, turned once into CSV (./list-file.ts reads the CSV from any byte
 * offset). Apart from list-file.ts so that acts reading only CSV lists (arrivals, China Post files) do
 * not carry exceljs.
 */
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { DomainError } from '../domain/errors.js';
import type { FileStore } from './file-store.js';
import { cellText } from './xlsx-cell.js';

const notXlsx = () =>
  new DomainError('VALIDATION', '文件不是有效的 Excel（.xlsx）工作簿', {
    fields: [{ field: 'body', message: '文件不是有效的 Excel 工作簿' }],
  });

/** The first worksheet of an XLSX, written to `to` as CSV (streamed both ways). */
export async function xlsxToCsv(store: FileStore, from: string, to: string): Promise<void> {
  const source = await store.read(from);
  if (!source) throw notXlsx();
  const csv = stringify();
  const written = store.put(to, csv, 'text/csv');
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'ignore',
    });
    let sheets = 0;
    for await (const sheet of reader) {
      if (sheets++ > 0) break; // the list is the first worksheet
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellText); // holes too
        if (values.every((v) => v.trim() === '')) continue;
        if (!csv.write(values)) await new Promise((ok) => csv.once('drain', ok));
      }
    }
    if (!sheets) throw notXlsx();
  } catch (e) {
    csv.destroy();
    await written.catch(() => undefined);
    throw e instanceof DomainError ? e : notXlsx();
  }
  csv.end();
  await written;
}
