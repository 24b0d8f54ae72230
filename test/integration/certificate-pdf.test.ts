/**
 * R17, R1: the electronic certificate's PDF through the local server on DynamoDB Local — the holder's
 * own download, staff's for a candidate they see, 404 for anyone else; rendered once and kept.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePdfKey } from '../../functions/lib/certificate-store.js';
import { fileStore } from '../../functions/lib/file-store.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoForfeited, demoIssued } from '../../scripts/local/seed.js';
import { storedCandidate } from '../support/candidates.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const { valid, revoked } = demoIssued(new Date());

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
});
afterAll(async () => {
  await sys?.stop();
});

async function download(path: string, token: string) {
  const r = await fetch(`${sys.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

describe('the certificate PDF', () => {
  it("R17: the holder downloads their certificate PDF: its text (unpdf) carries the number and the holder's name; another candidate gets 404; staff in scope download it, out of scope 404; the second download reads the cached file", async () => {
    const number = (await storedCandidate(valid)).certificate.number as string;
    const own = `/api/exams/${valid.examId}/certificate.pdf`;
    const staffPath = `/api/exams/${valid.examId}/candidates/${valid.personId}/certificate.pdf`;
    const key = certificatePdfKey(valid.examId, number);
    expect(await fileStore().size(key)).toBeUndefined();

    const me = await client(sys.url, { from: '127.0.0.61' }).candidateToken(valid);
    const mine = await download(own, me);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toBe(`attachment; filename="${number}.pdf"`);
    const text = await textOf(mine.bytes);
    expect(text).toContain(number);
    expect(text).toContain(valid.name);
    // the document prints the full ID number (as a paper certificate does)
    expect(text).toContain(valid.idNumber);
    expect(await fileStore().size(key)).toBe(mine.bytes.length);

    // another candidate of the same exam, without a certificate: 404, nothing told of another's
    const other = demoForfeited(new Date()).candidate;
    expect(other.examId).toBe(valid.examId);
    const theirs = await client(sys.url, { from: '127.0.0.62' }).candidateToken(other);
    const none = await download(own, theirs);
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toContain('application/json');
    // a candidate may not use the staff path
    expect((await download(staffPath, theirs)).status).not.toBe(200);

    // staff who see the candidate (R1) download the same document; staff of another exam type: 404
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    const staff = await download(staffPath, zz);
    expect(staff.status).toBe(200);
    expect(staff.headers.get('content-type')).toBe('application/pdf');
    expect(staff.bytes.equals(mine.bytes)).toBe(true);
    const xh = await api.staffToken('xh.verifier', DEMO_PASSWORD);
    const out = await download(staffPath, xh);
    expect(out.status).toBe(404);
    expect(out.bytes.toString()).not.toContain(number);

    // the second download reads the stored file, not a new render
    const cached = Buffer.from('%PDF-1.7\n% the stored copy\n%%EOF\n');
    await fileStore().put(key, cached, 'application/pdf');
    expect((await download(own, me)).bytes.equals(cached)).toBe(true);
    await fileStore().remove(key);
  });

  it('R17, R14: a revoked certificate still downloads (the check page tells its status); no certificate: 404 with a clear message', async () => {
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    const r = await download(
      `/api/exams/${revoked.examId}/candidates/${revoked.personId}/certificate.pdf`,
      zjt,
    );
    expect(r.status).toBe(200);
    expect(await textOf(r.bytes)).toContain(revoked.name);
    const pending = demoCandidates(new Date()).find(
      (c) => c.examType === 'JZS2' && c.status === 'pending',
    ) as typeof valid;
    const none = await api.get(
      `/api/exams/${pending.examId}/candidates/${pending.personId}/certificate.pdf`,
      zjt,
    );
    expect(none.status).toBe(404);
    expect(none.body.error.message).toContain('没有可下载的电子证书');
  });
});
