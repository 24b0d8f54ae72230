/** The certificate as a PDF (functions/lib/certificate-pdf.ts): what it says, its QR link, its size, its cache. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import QRCode from 'qrcode';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { certificateClaims } from '../../functions/domain/certificates.js';
import {
  CERT_FONT_FILE,
  certFontPath,
  checkUrl,
  EQUAL_EFFECT,
  renderCertificatePdf,
} from '../../functions/lib/certificate-pdf.js';
import { certificatePdf, certificatePdfKey } from '../../functions/lib/certificate-store.js';
import { folderStore } from '../../functions/lib/file-store.js';
import { SAMPLE_ID_NUMBER, sampleFacts } from '../support/certificates.js';

const claims = certificateClaims(sampleFacts());
/** a compact JWS's shape and length (the signature is not checked here) */
const jws = `eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.${'A'.repeat(420)}.${'B'.repeat(86)}`;
const BASE = 'https://cert.example.cn';

async function textOf(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

afterEach(() => vi.restoreAllMocks());

describe('certificate PDF', () => {
  it('R17: its text carries the certificate number, the holder, the exam, the specialty and the issuer', async () => {
    const text = await textOf(await renderCertificatePdf({ claims, jws, checkUrlBase: BASE }));
    for (const s of [claims.number, '张三', '2025年度二级建造师', '建筑工程', claims.issuer, '电子证书'])
      expect(text).toContain(s);
    expect(text).toContain('2025年12月01日');
  });

  it('N3: it says that electronic and paper certificates have equal legal effect', async () => {
    const text = await textOf(await renderCertificatePdf({ claims, jws, checkUrlBase: BASE }));
    expect(text).toContain(EQUAL_EFFECT);
    expect(EQUAL_EFFECT).toMatch(/电子证书与纸质证书具有同等法律效力/);
  });

  it('N4: without the full ID number it prints the masked one of the signed data; given, the full one', async () => {
    const masked = await textOf(await renderCertificatePdf({ claims, jws, checkUrlBase: BASE }));
    expect(masked).toContain(claims.holder.idNumberMasked);
    expect(masked).not.toContain(SAMPLE_ID_NUMBER);
    const full = await textOf(
      await renderCertificatePdf({ claims, jws, fullIdNumber: SAMPLE_ID_NUMBER, checkUrlBase: BASE }),
    );
    expect(full).toContain(SAMPLE_ID_NUMBER);
  });

  it('R25: its QR code links to the check page with the signed data in the fragment', async () => {
    const create = vi.spyOn(QRCode, 'create');
    await renderCertificatePdf({ claims, jws, checkUrlBase: `${BASE}/` });
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]?.[0]).toBe(`${BASE}/check/#${jws}`);
    expect(checkUrl(BASE, jws)).toBe(`${BASE}/check/#${jws}`);
  });

  it('R17: the font is a subset: the whole page, seal and QR code included, is at most 200 KB', async () => {
    const pdf = await renderCertificatePdf({
      claims,
      jws,
      fullIdNumber: SAMPLE_ID_NUMBER,
      checkUrlBase: BASE,
    });
    expect(pdf.length).toBeLessThanOrEqual(200 * 1024);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it('R17: every glyph of the embedded subset font is whole (the subset pads odd-length glyphs)', async () => {
    const pdf = await PDFDocument.load(await renderCertificatePdf({ claims, jws, checkUrlBase: BASE }));
    const files = pdf.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.has(PDFName.of('FontFile2')))
      .map((d) => pdf.context.lookup(d.get(PDFName.of('FontFile2'))))
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream);
    expect(files).toHaveLength(1);
    const font = fontkit.create(
      Buffer.from(decodePDFRawStream(files[0] as unknown as PDFRawStream).decode()),
    );
    expect(font.numGlyphs).toBeGreaterThan(60);
    let drawn = 0;
    for (let gid = 1; gid < font.numGlyphs; gid++)
      if ((font.getGlyph(gid).path as unknown as { commands: unknown[] }).commands.length) drawn++;
    // every glyph but the space has an outline
    expect(drawn).toBeGreaterThanOrEqual(font.numGlyphs - 2);
  });

  it("R17: the issuing department's seal image is embedded when given; else the drawn demo seal says 演示用章", async () => {
    const images = async (pdf: Uint8Array) =>
      (await PDFDocument.load(pdf)).context
        .enumerateIndirectObjects()
        .filter(
          ([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
        ).length;
    const seal = await QRCode.toBuffer('seal', { type: 'png' }); // any PNG
    expect(await images(await renderCertificatePdf({ claims, jws, checkUrlBase: BASE, seal }))).toBe(1);
    const drawn = await renderCertificatePdf({ claims, jws, checkUrlBase: BASE });
    expect(await images(drawn)).toBe(0);
    expect(await textOf(drawn)).toContain('演示用章');
  });

  it('R17: the font comes from CERT_FONT_PATH when set (the Lambda layer), else from the npm package', () => {
    expect(certFontPath({ CERT_FONT_PATH: `/opt/${CERT_FONT_FILE}` })).toBe(`/opt/${CERT_FONT_FILE}`);
    expect(certFontPath({})).toMatch(new RegExp(`noto-sans-sc/400Regular/${CERT_FONT_FILE}$`));
  });
});

describe('certificate PDF cache', () => {
  it('R17: rendered on the first download and stored; later downloads read the stored PDF', async () => {
    const store = folderStore(mkdtempSync(join(tmpdir(), 'cert-pdf-')));
    const key = certificatePdfKey(claims.exam.id, claims.number);
    expect(key).toBe(`certificates/${claims.exam.id}/${claims.number}.pdf`);
    const bytes = new Uint8Array([37, 80, 68, 70, 45, 1, 2, 3]);
    const render = vi.fn(async () => bytes);
    expect(await store.size(key)).toBeUndefined();
    expect(await certificatePdf(store, key, render)).toEqual(bytes);
    expect(await store.size(key)).toBe(bytes.length);
    expect(await certificatePdf(store, key, render)).toEqual(bytes);
    expect(render).toHaveBeenCalledTimes(1);
  });
});
