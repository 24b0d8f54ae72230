/**
 * R23: a candidate's own materials through the local server on DynamoDB Local — an upload URL, the
 * PUT, the arrival that checks the file by content and records it or deletes it; the candidate's list
 * to reuse; no one else reads them (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { materialUploadArrived } from '../../functions/acts/materials.js';
import { MAX_UPLOAD_BYTES } from '../../functions/domain/materials.js';
import { fileStore } from '../../functions/lib/file-store.js';
import { uploadsOf } from '../../functions/lib/materials.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let me: string;
let other: string;
let zjt: string;
const pending = demoCandidates(new Date()).filter((c) => c.examType === 'JZS2' && c.status === 'pending');
const [a, b] = pending as [(typeof pending)[number], (typeof pending)[number]];
const exam = a.examId;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(64)]);

async function urlFor(token: string, body: Record<string, unknown>) {
  return api.post(`/api/exams/${exam}/materials/upload-url`, body, token);
}

async function put(url: string, type: string, bytes: Buffer) {
  return fetch(url.startsWith('http') ? url : `${sys.url}${url}`, {
    method: 'PUT',
    headers: { 'content-type': type },
    body: new Uint8Array(bytes),
  });
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  me = await api.candidateToken(a);
  other = await api.candidateToken(b);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

describe('R23 candidate uploads', () => {
  it('R23: upload URL, PUT and arrival record a PDF as the candidate’s own material, listed to reuse', async () => {
    const made = await urlFor(me, {
      contentType: 'application/pdf',
      name: '学历证书.pdf',
      bytes: PDF.length,
    });
    expect(made.status).toBe(201);
    expect(made.body.materialId).toMatch(/^[a-z0-9]{19}-u$/);
    expect((await put(made.body.url, 'application/pdf', PDF)).status).toBe(200);
    const list = await api.get(`/api/exams/${exam}/materials`, me);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        materialId: made.body.materialId,
        name: '学历证书.pdf',
        type: 'pdf',
        source: 'candidate',
        bytes: PDF.length,
      }),
    );
    expect(list.body.limits).toMatchObject({ maxBytes: 10 * 1024 * 1024, maxFiles: 10, uploaded: 1 });
    // the candidate reads their own file
    const file = await fetch(
      `${sys.url}/api/exams/${exam}/candidates/${a.personId}/materials/${made.body.materialId}`,
      {
        headers: { authorization: `Bearer ${me}` },
      },
    );
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('R23: a disguised file (an executable named .pdf) is refused by its content, nothing stored', async () => {
    const made = await urlFor(me, { contentType: 'application/pdf', name: '证书.pdf', bytes: EXE.length });
    expect(made.status).toBe(201);
    expect((await put(made.body.url, 'application/pdf', EXE)).status).toBe(200);
    const key = `materials/${exam}/${a.personId}/${made.body.materialId}.pdf`;
    expect(await fileStore().size(key)).toBeUndefined();
    const list = await api.get(`/api/exams/${exam}/materials`, me);
    expect(list.body.items.map((m: { materialId: string }) => m.materialId)).not.toContain(
      made.body.materialId,
    );
    expect(list.body.refused).toContainEqual(
      expect.objectContaining({
        materialId: made.body.materialId,
        message: expect.stringContaining('不是 PDF'),
      }),
    );
  });

  it('R23: an empty or oversize file is refused, naming the field; one larger than announced is deleted on arrival', async () => {
    const empty = await urlFor(me, { contentType: 'application/pdf', name: 'a.pdf', bytes: 0 });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('bytes');
    const big = await urlFor(me, { contentType: 'image/png', name: 'a.png', bytes: MAX_UPLOAD_BYTES + 1 });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toContain('bytes');
    const exe = await urlFor(me, { contentType: 'application/x-msdownload', name: 'a.exe', bytes: 10 });
    expect(exe.status).toBe(400);
    expect(JSON.stringify(exe.body)).toContain('contentType');
    // S3 cannot cap a presigned PUT: the arrival checks the size itself
    const made = await urlFor(me, { contentType: 'application/pdf', name: 'big.pdf', bytes: 100 });
    const key = `materials/${exam}/${a.personId}/${made.body.materialId}.pdf`;
    await fileStore().put(key, Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES)]));
    expect(await materialUploadArrived(key)).toMatchObject({
      state: 'refused',
      message: expect.stringContaining('10 MB'),
    });
    expect(await fileStore().size(key)).toBeUndefined();
    // an empty PUT: refused on arrival
    const zero = await urlFor(me, { contentType: 'application/pdf', name: 'zero.pdf', bytes: 1 });
    expect((await put(zero.body.url, 'application/pdf', Buffer.alloc(0))).status).toBe(200);
    const u = (await uploadsOf(a.personId, exam)).find((x) => x.materialId === zero.body.materialId);
    expect(u).toMatchObject({ state: 'refused', message: '文件是空的' });
    // a second notice of the same file changes nothing
    expect(await materialUploadArrived(key)).toBeNull();
  });

  it('R23: a candidate cannot list or read another candidate’s materials, nor staff out of scope (404)', async () => {
    const mine = await api.get(`/api/exams/${exam}/materials`, me);
    const id = mine.body.items[0].materialId as string;
    expect((await api.get(`/api/exams/${exam}/candidates/${a.personId}/materials`, other)).status).toBe(404);
    const read = await fetch(`${sys.url}/api/exams/${exam}/candidates/${a.personId}/materials/${id}`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(read.status).toBe(404);
    // the other candidate's own list does not hold it
    const theirs = await api.get(`/api/exams/${exam}/materials`, other);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((m: { materialId: string }) => m.materialId)).not.toContain(id);
    // staff have no "own" materials: the candidate routes are 404 for them
    expect((await api.get(`/api/exams/${exam}/materials`, zjt)).status).toBe(404);
    expect((await urlFor(zjt, { contentType: 'application/pdf', name: 'a.pdf', bytes: 5 })).status).toBe(404);
  });

  it('R23: at most 10 uploads per candidate and exam, the 11th refused naming the field', async () => {
    const used = (await api.get(`/api/exams/${exam}/materials`, other)).body.limits.uploaded as number;
    for (let i = used; i < 10; i++)
      expect((await urlFor(other, { contentType: 'image/png', name: `p${i}.png`, bytes: 9 })).status).toBe(
        201,
      );
    const over = await urlFor(other, { contentType: 'image/png', name: 'p11.png', bytes: 9 });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('最多上传 10 个');
  });
});
