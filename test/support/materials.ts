/** A candidate uploads a small PDF through the local server (R23): its upload URL, the PUT, its material id. */
import { expect } from 'vitest';
import type { client } from './local.js';

export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function uploadedPdf(
  baseUrl: string,
  api: ReturnType<typeof client>,
  examId: string,
  token: string,
  name = '工作证明.pdf',
): Promise<string> {
  const made = await api.post(
    `/api/exams/${examId}/materials/upload-url`,
    { contentType: 'application/pdf', name, bytes: TINY_PDF.length },
    token,
  );
  expect(made.status).toBe(201);
  const put = await fetch(`${baseUrl}${made.body.url}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(TINY_PDF),
  });
  expect(put.status).toBe(200);
  return made.body.materialId;
}
