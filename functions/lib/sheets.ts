/**
 * A list a job wrote in parts (one CSV part per step, under a prefix) joined into its two downloads: a
 * CSV (UTF-8 with a BOM, for Excel) and an XLSX (exceljs's streaming writer: flat memory at 200,000
 * lines), each headed by its columns; the parts are removed afterwards (run again once they are, it leaves the
 * files as they are). Reports and the China Post
 * manifest are made this way.
 */
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from './downloads.js';
import { fileStore } from './file-store.js';

export async function joinParts(o: {
  parts: string;
  columns: readonly string[];
  sheet: string;
  csvKey: string;
  xlsxKey: string;
}): Promise<void> {
  const parts = await fileStore().list(o.parts);
  // run again after its parts were removed (the step killed before its job record moved on): the two
  // files were complete before the parts went, so they stand; joining no parts would empty them
  if (!parts.length && (await fileStore().size(o.csvKey)) && (await fileStore().size(o.xlsxKey))) return;
  const csv = new PassThrough();
  const csvDone = fileStore().put(o.csvKey, csv, 'text/csv; charset=utf-8');
  csv.write(`\uFEFF${stringify([[...o.columns]])}`);
  const xlsx = new PassThrough();
  const xlsxDone = fileStore().put(o.xlsxKey, xlsx, XLSX_TYPE);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: xlsx, useSharedStrings: false });
  const sheet = book.addWorksheet(o.sheet);
  sheet.addRow([...o.columns]).commit();
  for (const key of parts) {
    const stream = await fileStore().read(key);
    if (!stream) continue;
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks);
    csv.write(text);
    for (const row of parse(text) as string[][]) sheet.addRow(row).commit();
  }
  csv.end();
  sheet.commit();
  await book.commit();
  await Promise.all([csvDone, xlsxDone]);
  await fileStore().removeAll(o.parts);
}
