/**
 * exceljs's streaming XLSX reader as a module of its own (exceljs ships no types for its lib/ files):
 * the same class `exceljs` exports as `stream.xlsx.WorkbookReader` (lib/exceljs.nodejs.js requires this
 * file), loaded alone so that a bundle that only reads an XLSX does not carry exceljs's writers.
 */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookReader: typeof ExcelJS.stream.xlsx.WorkbookReader;
  export default WorkbookReader;
}
