/**
 * Downloads of stored files (reports, China Post manifests): the bytes and the XLSX content type.
 * Apart from ./sheets.ts (which writes them with exceljs) so that serving a download carries no
 * spreadsheet writer.
 */
import { fileStore } from './file-store.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A stored file's bytes (a download), or undefined if there is none. */
export async function readAll(key: string): Promise<Buffer | undefined> {
  const stream = await fileStore().read(key);
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
