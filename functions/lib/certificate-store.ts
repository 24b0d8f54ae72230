/**
 * Where a certificate's PDF is kept (the files store, `certificates/<examId>/<number>.pdf`) and the
 * render-once rule: the stored file if there is one, else rendered and stored. Apart from the renderer
 * (functions/lib/certificate-pdf.ts: pdf-lib, fontkit, the QR code), so the API function that serves
 * downloads reads stored PDFs without loading it; the file worker renders (functions/lib/file-worker.ts).
 */
import type { Readable } from 'node:stream';
import type { FileStore } from './file-store.js';

/** Where a certificate's PDF is kept in the files store. */
export function certificatePdfKey(examId: string, number: string): string {
  return `certificates/${examId}/${number}.pdf`;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * A certificate's PDF: the stored one if it was rendered before, else rendered now and stored
 * (rendered on first download, not for every candidate up front). A certificate's data never changes
 * (a corrected one gets a new number), so the stored PDF stays right.
 */
export async function certificatePdf(
  store: FileStore,
  key: string,
  render: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const stored = await storedCertificatePdf(store, key);
  if (stored) return stored;
  const pdf = await render();
  await store.put(key, Buffer.from(pdf), 'application/pdf');
  return pdf;
}

/** The stored PDF of a certificate, or undefined if it was not rendered yet (or expired from the cache). */
export async function storedCertificatePdf(store: FileStore, key: string): Promise<Uint8Array | undefined> {
  const stored = await store.read(key);
  return stored ? new Uint8Array(await bytesOf(stored)) : undefined;
}
