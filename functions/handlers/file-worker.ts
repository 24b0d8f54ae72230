/**
 * The file worker on AWS (functions/lib/file-worker.ts): invoked synchronously by the API functions
 * that need PDF or spreadsheet work — `{ task: 'certificatePdf', … }` renders a certificate's PDF into
 * the files store and answers `{ stored: true }`; `{ task: 'xlsxHeader', key }` answers an uploaded
 * XLSX list's first row; `{ task: 'sealCheck', png }` whether a seal's PNG embeds. It carries pdf-lib, fontkit, exceljs's reader and the font layer; no route
 * reaches it.
 */
import { fileTasks } from '../acts/file-tasks.js';
import * as z from '../domain/zod.js';
import { fileTask } from '../lib/file-worker.js';

export const handler = async (event: unknown): Promise<unknown> => {
  const task = z.parse(fileTask, event);
  if (task.task === 'certificatePdf') {
    await fileTasks.renderCertificate(task);
    return { stored: true };
  }
  if (task.task === 'sealCheck') return fileTasks.sealCheck(task);
  return fileTasks.xlsxHeader(task);
};
