/**
 * The PDF worker on AWS (functions/lib/pdf-worker.ts): invoked synchronously by the certificates API
 * function with `{ task: 'certificatePdf', examId, personId, checkUrlBase }`, it renders the
 * certificate's PDF into the files store (functions/acts/certificate-render.ts) and answers
 * `{ stored: true }`. It carries pdf-lib, fontkit and the font layer; no route reaches it.
 */
import { renderCertificate } from '../acts/certificate-render.js';
import * as z from '../domain/zod.js';
import { renderCertificateTask } from '../lib/pdf-worker.js';

export const handler = async (event: unknown): Promise<{ stored: true }> => {
  await renderCertificate(z.parse(renderCertificateTask, event));
  return { stored: true };
};
