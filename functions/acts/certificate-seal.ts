/**
 * R17: the issuing department's seal on an exam's electronic certificates. hr uploads the PNG before
 * the issuance; it is kept in the files store under `seals/{examId}/{seal}.png`, the seal's id being the
 * first 16 hex digits of its SHA-256 (so a later upload never changes what an issuance named). The
 * issuance (functions/acts/exam-events.ts) names it; the certificate PDF (functions/acts/certificate-pdf.ts)
 * prints it instead of the demo seal. The upload, which checks the PNG with pdf-lib, is apart in
 * ./certificate-seal-upload.ts (its own function, functions/handlers/certificate-seals.ts), so the issuance's
 * check that a named seal is there carries no PDF library.
 */
import { fileStore } from '../lib/file-store.js';

export const sealKey = (examId: string, seal: string): string => `seals/${examId}/${seal}.png`;

/** Whether an uploaded seal is there to be named by an issuance. */
export async function sealExists(examId: string, seal: string): Promise<boolean> {
  return (await fileStore().size(sealKey(examId, seal))) !== undefined;
}

/** The seal an issuance named, as bytes; undefined if none was named (the demo seal then). */
export async function sealBytes(examId: string, seal: string | undefined): Promise<Uint8Array | undefined> {
  if (!seal) return undefined;
  const stream = await fileStore().read(sealKey(examId, seal));
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
