/**
 * A spreadsheet cell as text — one reading for both XLSX readers (the inline header check,
 * ./xlsx-header.ts, and the job's conversion to CSV, ./xlsx-list.ts), so a header the one accepts the
 * other accepts too. Types only from exceljs: the header reader's bundle loads no more of it.
 */
import type ExcelJS from 'exceljs';

/** numbers as typed, dates as YYYY-MM-DD, rich text joined, a hyperlink's text, a formula's result */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}
