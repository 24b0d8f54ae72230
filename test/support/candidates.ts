/**
 * Helpers for tests of a candidate's verification requests (supplementary submission, appeal) on the
 * local system: a PDF uploaded as the candidate's own material, and the candidate's stored record.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import type { client } from './local.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Upload a small PDF as the signed-in candidate's material for the exam; its material id. */
export async function uploadedPdf(
  sys: LocalSystem,
  api: ReturnType<typeof client>,
  examId: string,
  token: string,
  name = '工作证明.pdf',
): Promise<string> {
  const made = await api.post(
    `/api/exams/${examId}/materials/upload-url`,
    { contentType: 'application/pdf', name, bytes: PDF.length },
    token,
  );
  expect(made.status).toBe(201);
  const put = await fetch(`${sys.url}${made.body.url}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(PDF),
  });
  expect(put.status).toBe(200);
  return made.body.materialId;
}

/** The candidate's record as stored (consistent read). */
export async function storedCandidate(c: { personId: string; examId: string }) {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.candidate(c.personId, c.examId),
      ConsistentRead: true,
    }),
  );
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the record holds
  return r.Item as Record<string, any>;
}
