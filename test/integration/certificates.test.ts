/**
 * Electronic certificates on the local system (R17, R25, R14, R21): hr's issuance reaches every
 * qualified candidate of an electronic exam once; the public check by number and name; revocation;
 * the reissue request refused for an electronic certificate.
 */
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams, demoIssued } from '../../scripts/local/seed.js';
import { storedCandidate } from '../support/candidates.js';
import { client, startTestSystem } from '../support/local.js';

/** a real PNG (a QR code's image) standing in for a seal */
const SEAL_PNG = await QRCode.toBuffer('seal', { type: 'png', width: 240 });

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const exam = () => demoExams(new Date())[1] as { id: string; name: string };
const cands = () => demoCandidates(new Date()).filter((c) => c.examId === exam().id);

beforeAll(async () => {
  sys = await startTestSystem({ lifecycles: true });
  api = client(sys.url);
  await sys.lifecycles;
  await sys.runner.idle();
});
afterAll(async () => {
  await sys?.stop();
});

const check = (number: string, query: Record<string, string>) =>
  api.get(`/api/public/certificates/${encodeURIComponent(number)}?${new URLSearchParams(query)}`);

describe('electronic certificates', () => {
  let hr: string;
  let numbers: Map<string, string>;

  it('R17: hr issues once per exam after the announcement; issuing twice gives each qualified candidate one certificate, the others none', async () => {
    hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
    // before the result announcement: refused, naming the rule
    const early = await api.post(`/api/exams/${exam().id}/events`, { kind: 'certificatesIssued' }, hr);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('R17');
    // the verifier may not issue (R17: hr's act)
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    const announced = await api.post(`/api/exams/${exam().id}/events`, { kind: 'resultsAnnounced' }, zjt);
    await api.jobDone(announced.body.jobId, zjt);
    await sys.runner.idle();
    expect(
      (await api.post(`/api/exams/${exam().id}/events`, { kind: 'certificatesIssued' }, zjt)).status,
    ).toBe(403);
    const bad = await api.post(
      `/api/exams/${exam().id}/events`,
      { kind: 'certificatesIssued', issuedOn: '2025-02-30' },
      hr,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('issuedOn');
    // R17: the issuing department's seal, uploaded first (a PNG by its bytes, ≤ 200 KB), named in the issuance
    const sealAt = `${sys.url}/api/exams/${exam().id}/certificate-seals`;
    const upload = (bytes: Buffer, token = hr) =>
      fetch(sealAt, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
        body: new Uint8Array(bytes),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const notPng = await upload(Buffer.from('GIF89a not a png at all, just text'));
    expect(notPng.status).toBe(400);
    expect(notPng.body.error.details.fields[0]).toEqual({ field: 'seal', message: '印章图片应为 PNG 格式' });
    expect((await upload(Buffer.alloc(200 * 1024 + 1))).status).toBe(413);
    expect((await upload(SEAL_PNG, zjt)).status).toBe(403);
    const seal = await upload(SEAL_PNG);
    expect(seal.status).toBe(201);
    expect(seal.body.seal).toMatch(/^[0-9a-f]{16}$/);
    const unknownSeal = await api.post(
      `/api/exams/${exam().id}/events`,
      { kind: 'certificatesIssued', seal: '0123456789abcdef' },
      hr,
    );
    expect(unknownSeal.status).toBe(400);
    expect(unknownSeal.body.error.details.fields[0].field).toBe('seal');
    const body = { kind: 'certificatesIssued', issuer: '河南省人力资源和社会保障厅', seal: seal.body.seal };
    const first = await api.post(`/api/exams/${exam().id}/events`, body, hr);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ rule: 'R17', job: { kind: 'examEvent' } });
    await api.jobDone(first.body.jobId, hr);
    await sys.runner.idle();
    // again: the broadcast runs again and reaches nobody new; nobody gets a second certificate
    const again = await api.post(`/api/exams/${exam().id}/events`, body, hr);
    expect(again.status).toBe(202);
    await api.jobDone(again.body.jobId, hr);
    await sys.runner.idle();
    numbers = new Map();
    for (const c of cands()) {
      const r = await storedCandidate(c);
      if (r.status === 'qualified') {
        expect(r.certificate).toMatchObject({ kind: 'electronic', status: 'valid' });
        expect(r.certificate.number).toMatch(/^HN-JZS2-\d{4}-[0-9A-Z]{5}-[0-9A-Z]{2}$/);
        numbers.set(c.personId, r.certificate.number);
      } else expect(r.certificate).toBeUndefined();
    }
    const qualified = cands().filter((c) => c.status === 'qualified').length;
    expect(numbers.size).toBe(qualified);
    expect(new Set(numbers.values()).size).toBe(qualified); // unique numbers
    // each qualified candidate told once, beside the two seeded holders of last year's (demoIssued)
    const outbox = await api.get(`/api/outbox?limit=200`, hr);
    expect(outbox.body.items.filter((m: { template: string }) => m.template === 'eCert')).toHaveLength(
      qualified + 2,
    );
  });

  it('R25, N4: the check answers valid with the signed data by number and name; a wrong name exactly as an unknown number; the full ID number never in the data or an answer', async () => {
    const c = cands().find((x) => numbers.has(x.personId)) as ReturnType<typeof cands>[number];
    const number = numbers.get(c.personId) as string;
    const ok = await check(number, { name: c.name });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'valid', kind: 'electronic', exam: { id: exam().id } });
    expect(ok.body.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [, payload] = (ok.body.signed as string).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ number, holder: { name: c.name }, issuer: '河南省人力资源和社会保障厅' });
    // typed in lower case with spaces: the same certificate
    expect((await check(` ${number.toLowerCase()} `, { name: c.name })).body.status).toBe('valid');
    const wrongName = await check(number, { name: '王某某' });
    const unknown = await check('HN-JZS2-2025-ZZZZZ-00', { name: c.name });
    expect(wrongName.status).toBe(200);
    expect(wrongName.body).toEqual({ status: 'not_found' });
    expect(unknown.body).toEqual(wrongName.body);
    // the ID number is compared, never answered
    const match = await check(number, { name: c.name, idNumber: c.idNumber });
    expect(match.body.idNumberMatches).toBe(true);
    const other = cands().find((x) => x.personId !== c.personId) as typeof c;
    expect((await check(number, { name: c.name, idNumber: other.idNumber })).body.idNumberMatches).toBe(
      false,
    );
    for (const r of [ok, match, wrongName])
      for (const x of cands()) {
        expect(JSON.stringify(r.body)).not.toContain(x.idNumber);
        expect(JSON.stringify(claims)).not.toContain(x.idNumber);
      }
  });

  it('R25: a number over 40 characters or outside [A-Z0-9-], or a 500-character name, is a 400 naming the field', async () => {
    const long = await check('A'.repeat(41), { name: '张三' });
    expect(long.status).toBe(400);
    expect(long.body.error.details.fields[0].field).toBe('path.number');
    expect((await check('HN_JZS2', { name: '张三' })).status).toBe(400);
    const name = await check('HN-JZS2-2025-00000-00', { name: '张'.repeat(500) });
    expect(name.status).toBe(400);
    expect(name.body.error.details.fields[0].field).toBe('query.name');
    expect((await api.get('/api/public/certificates/HN-JZS2-2025-00000-00')).status).toBe(400);
  });

  it('R14, R25: a revocation that takes effect makes the check read revoked with its date, not its reason', async () => {
    const { recordEvent } = await import('../../functions/acts/lifecycle.js');
    const c = cands().filter((x) => numbers.has(x.personId))[1] as ReturnType<typeof cands>[number];
    await recordEvent(exam().id, c.personId, { type: 'revoked', reason: '伪造学历证明' }, 'staff:hr.admin');
    const r = await storedCandidate(c);
    expect(r.certificate.status).toBe('revoked');
    const a = await check(numbers.get(c.personId) as string, { name: c.name });
    expect(a.body).toMatchObject({ status: 'revoked', revokedAt: r.certificate.revokedAt });
    expect(a.body.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(a.body)).not.toContain('伪造');
  });

  it('R17: the certificate PDF prints the seal hr gave with the issuance, not the demo seal', async () => {
    const c = cands().find((x) => numbers.has(x.personId)) as ReturnType<typeof cands>[number];
    const r = await fetch(`${sys.url}/api/exams/${exam().id}/candidates/${c.personId}/certificate.pdf`, {
      headers: { authorization: `Bearer ${hr}` },
    });
    expect(r.status).toBe(200);
    const doc = await PDFDocument.load(new Uint8Array(await r.arrayBuffer()));
    const images = doc.context
      .enumerateIndirectObjects()
      .filter(
        ([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      );
    expect(images).toHaveLength(1);
  });

  it("R21: a holder's reissue request for an electronic certificate is refused quoting R21, nothing written", async () => {
    const c = cands().find((x) => numbers.has(x.personId)) as ReturnType<typeof cands>[number];
    const before = await storedCandidate(c);
    const token = await client(sys.url, { from: '127.0.0.77' }).candidateToken(c);
    const r = await api.post(`/api/exams/${exam().id}/reissue-requests`, {}, token);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('R21');
    expect(await storedCandidate(c)).toEqual(before);
    // staff may not ask on a holder's behalf
    expect((await api.post(`/api/exams/${exam().id}/reissue-requests`, {}, hr)).status).toBe(403);
  });
});

/** The check page's form without JavaScript: a plain GET answered with a page. */
const checkPage = async (query: Record<string, string>) => {
  const r = await fetch(`${sys.url}/api/public/certificate-check?${new URLSearchParams(query)}`, {
    headers: { accept: 'text/html' },
  });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
};

describe('the check page’s form without JavaScript', () => {
  it('R25, R14, N4: the page answers valid, not found for a wrong name (as for an unknown number), revoked with its date; 400 naming a bad field; never a 5xx, never a full ID number', async () => {
    const { valid, revoked } = demoIssued(new Date());
    const [v, x] = await Promise.all([storedCandidate(valid), storedCandidate(revoked)]);
    const answers = [];
    const ok = await checkPage({ number: v.certificate.number, name: valid.name, idNumber: valid.idNumber });
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/html/);
    expect(ok.text).toContain('证书有效');
    expect(ok.text).toContain('与证书一致');
    expect(ok.text).toMatch(/href="\/check\/#eyJ[\w-]+\.[\w-]+\.[\w-]+"/);
    answers.push(ok);
    // typed in lower case, the optional ID number left empty as a form sends it
    const typed = await checkPage({
      number: v.certificate.number.toLowerCase(),
      name: valid.name,
      idNumber: '',
    });
    expect(typed.status).toBe(200);
    expect(typed.text).toContain('证书有效');
    expect(typed.text).not.toContain('身份证号码');
    const wrongName = await checkPage({ number: v.certificate.number, name: '王某某' });
    const unknown = await checkPage({ number: 'HN-JZS2-2025-ZZZZZ-00', name: valid.name });
    expect(wrongName.status).toBe(200);
    expect(wrongName.text).toContain('未找到相符的证书');
    expect(wrongName.text.replace(v.certificate.number, '#')).toBe(
      unknown.text.replace('HN-JZS2-2025-ZZZZZ-00', '#'),
    );
    const gone = await checkPage({
      number: x.certificate.number,
      name: revoked.name,
      idNumber: valid.idNumber,
    });
    expect(gone.status).toBe(200);
    expect(gone.text).toContain('证书已撤销');
    const [y, m, d] = (x.certificate.revokedAt as string).split('-').map(Number);
    expect(gone.text).toContain(`已撤销（${y}年${m}月${d}日起）`);
    expect(gone.text).toContain('与证书不一致');
    answers.push(wrongName, unknown, gone);
    for (const [query, field] of [
      [{ number: 'HN_JZS2', name: '张三' }, '证书编号'],
      [{ number: 'A'.repeat(41), name: '张三' }, '证书编号'],
      [{ number: '', name: '张三' }, '证书编号'],
      [{ number: v.certificate.number, name: '张'.repeat(500) }, '持证人姓名'],
      [{ number: v.certificate.number }, '持证人姓名'],
    ] as const) {
      const bad = await checkPage(query);
      expect(bad.status).toBe(400);
      expect(bad.type).toMatch(/^text\/html/);
      expect(bad.text).toContain('未能查验');
      expect(bad.text).toContain(`<strong>${field}</strong>`);
      answers.push(bad);
    }
    for (const a of answers) for (const c of [valid, revoked]) expect(a.text).not.toContain(c.idNumber);
  });
});
