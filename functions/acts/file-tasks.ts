/**
 * The file worker's tasks (functions/lib/file-worker.ts), one implementation for both places they run:
 * the file worker function on AWS (functions/handlers/file-worker.ts) and this process in local mode
 * (`setFileWorker(fileTasks)`, scripts/local/runtime.ts).
 */

import { PDFDocument } from 'pdf-lib';
import { fileStore } from '../lib/file-store.js';
import type { FileWorker } from '../lib/file-worker.js';
import { xlsxHeaderRow } from '../lib/xlsx-header.js';
import { renderCertificate } from './certificate-render.js';

export const fileTasks: FileWorker = {
  renderCertificate,
  async xlsxHeader({ key }) {
    const file = await fileStore().read(key);
    return { cells: file ? await xlsxHeaderRow(file) : null };
  },
  // R17: what the PDF renderer will do with a seal: a PNG it cannot embed is refused at upload
  async sealCheck({ png }) {
    try {
      await (await PDFDocument.create()).embedPng(Buffer.from(png, 'base64'));
      return { embeds: true };
    } catch {
      return { embeds: false };
    }
  },
};
