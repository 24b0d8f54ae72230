/**
 * The electronic certificate as a document (R17, N3, N4): one A4 page made with pdf-lib + fontkit.
 *
 * - Chinese text in Noto Sans SC (the TTF of `@expo-google-fonts/noto-sans-sc`), embedded as a subset:
 *   only the glyphs the page uses go into the PDF (a few dozen KB, not the font's 10 MB).
 * - The font file is found in one place (`certFontPath`): `CERT_FONT_PATH` if set (on AWS the font ships
 *   in a Lambda layer, infra/constructs/cert-font.ts, and the variable points into `/opt`), else the
 *   package's file in node_modules. Its bytes and the parsed font are kept per container.
 * - The holder's name, ID number (the document may print the full number, as the paper certificate
 *   does; without one it prints the masked number of the signed data, N4), exam, specialty, number,
 *   issue date and issuing department; the sentence that electronic and paper certificates have equal
 *   legal effect (N3); the issuing department's seal (a PNG given, else a drawn demo seal that says it
 *   is one: 演示用章); and a QR code linking to the check page with the signed data (the compact JWS) in
 *   the URL fragment (`{checkUrlBase}/check/#{jws}`), which never reaches a server's logs.
 *
 * The file worker (functions/handlers/file-worker.ts) renders a certificate on its first download and
 * keeps it in the files store (functions/lib/certificate-store.ts), so later downloads read the stored
 * bytes and the API function never loads this module.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CertificateClaims } from '../domain/certificates.js';

// --- the font -----------------------------------------------------------------------------------

/** The font file's name, in the package and in the Lambda layer. */
export const CERT_FONT_FILE = 'NotoSansSC_400Regular.ttf';

/** Where the certificate font is: `CERT_FONT_PATH`, else the npm package's file. */
export function certFontPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CERT_FONT_PATH) return env.CERT_FONT_PATH;
  return createRequire(import.meta.url).resolve(
    `@expo-google-fonts/noto-sans-sc/400Regular/${CERT_FONT_FILE}`,
  );
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

let cachedFont: { path: string; bytes: Uint8Array; font: FontkitFont } | undefined;

/**
 * The font's bytes, read once per container, and a fontkit that parses them once: pdf-lib calls
 * `create` for every document, and parsing a 10 MB CJK font each time would be most of a render.
 * (A subset is made from the shared font at `save`; the font object itself is not changed.)
 */
function certFont(path = certFontPath()): { bytes: Uint8Array; fontkit: Fontkit } {
  if (cachedFont?.path !== path) {
    const bytes = new Uint8Array(readFileSync(path));
    cachedFont = { path, bytes, font: evenGlyphSubsets(fontkit.create(bytes)) };
  }
  const { bytes, font } = cachedFont;
  return { bytes, fontkit: { create: () => font } };
}

interface TtfSubset {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * @pdf-lib/fontkit's TrueType subset writes the short `loca` format (offsets stored halved) when the
 * subset is under 128 KB, but copies each glyph's bytes as they are: Noto Sans SC (long `loca`) has
 * glyphs of odd length, so every offset after one is cut by a byte and most glyphs come out blank.
 * Padding each glyph to an even length (zero bytes after a glyph's data are allowed) keeps them whole.
 */
function evenGlyphSubsets(font: FontkitFont): FontkitFont {
  const f = font as unknown as { createSubset(): TtfSubset };
  const createSubset = f.createSubset.bind(f);
  f.createSubset = () => {
    const subset = createSubset();
    const addGlyph = subset._addGlyph.bind(subset);
    subset._addGlyph = (gid: number) => {
      const i = addGlyph(gid);
      const buffer = subset.glyf[i] as Uint8Array;
      if (buffer.length % 2) {
        // fontkit's own Buffer (a browser polyfill, a Uint8Array): its stream takes no other kind
        const Same = buffer.constructor as new (length: number) => Uint8Array;
        const padded = new Same(buffer.length + 1);
        padded.set(buffer);
        subset.glyf[i] = padded;
        subset.offset += 1;
      }
      return i;
    };
    return subset;
  };
  return font;
}

// --- the page -----------------------------------------------------------------------------------

export interface CertificatePdfInput {
  /** the signed certificate data (the masked ID number among it) */
  claims: CertificateClaims;
  /** the compact JWS of the claims: the QR code carries it */
  jws: string;
  /** the holder's full ID number, printed as on a paper certificate; without it the masked one */
  fullIdNumber?: string;
  /** the public site's origin, e.g. `https://cert.example.cn`: the QR code opens `{base}/check/#{jws}` */
  checkUrlBase: string;
  /** the issuing department's seal as PNG bytes; without it a drawn demo seal */
  seal?: Uint8Array;
  /** a standard (Latin-only) font instead of Noto Sans SC: the bench's baseline, Chinese text left out */
  baselineFont?: boolean;
}

/** N3: what the document says about its effect. */
export const EQUAL_EFFECT = '本电子证书与纸质证书具有同等法律效力。';
export const TITLE = '电子证书';

/** The check page's link a certificate's QR code carries: the signed data in the fragment. */
export function checkUrl(checkUrlBase: string, jws: string): string {
  return `${checkUrlBase.replace(/\/+$/, '')}/check/#${jws}`;
}

const A4: [number, number] = [595.28, 841.89];
const INK = rgb(0.13, 0.13, 0.16);
const MUTED = rgb(0.38, 0.38, 0.42);
const GOLD = rgb(0.62, 0.47, 0.2);
const RED = rgb(0.78, 0.1, 0.12);

/** `2025-12-01` as 2025年12月01日 (T1: dates as the calendar date). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${m}月${d}日`;
}

/** R17, N3, N4: the certificate as an A4 PDF. */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const { claims } = input;
  const doc = await PDFDocument.create();
  doc.setTitle(`${TITLE} ${claims.number}`);
  doc.setSubject(`${claims.exam.name} ${claims.holder.name}`);
  doc.setAuthor(claims.issuer);
  doc.setCreator('cert-workflow');
  doc.setProducer('pdf-lib');
  doc.setLanguage('zh-CN');
  const fixed = new Date(`${claims.issuedAt}T00:00:00+08:00`);
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);

  let font: PDFFont;
  const latinOnly = !!input.baselineFont;
  if (latinOnly) {
    font = await doc.embedFont(StandardFonts.Helvetica);
  } else {
    const f = certFont();
    doc.registerFontkit(f.fontkit);
    font = await doc.embedFont(f.bytes, { subset: true });
  }
  // the baseline draws the same layout with the Latin-only font: Chinese replaced by placeholders
  const t = (s: string) => (latinOnly ? s.replace(/[^\x20-\x7e]/g, '?') : s);

  const page = doc.addPage(A4);
  const [W, H] = A4;
  const text = (
    s: string,
    x: number,
    y: number,
    size: number,
    opts: { color?: ReturnType<typeof rgb>; align?: 'left' | 'center' | 'right'; p?: PDFPage } = {},
  ) => {
    const str = t(s);
    const w = font.widthOfTextAtSize(str, size);
    const at = opts.align === 'center' ? x - w / 2 : opts.align === 'right' ? x - w : x;
    (opts.p ?? page).drawText(str, { x: at, y, size, font, color: opts.color ?? INK });
    return w;
  };

  /** the size, at most `size`, at which a line fits `width` (long names shrink rather than overflow) */
  const sizeToFit = (s: string, size: number, width: number) =>
    Math.min(size, (size * width) / Math.max(1, font.widthOfTextAtSize(t(s), size)));

  // the frame: a gold double border with corner marks
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: GOLD, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: W - 64, height: H - 64, borderColor: GOLD, borderWidth: 0.8 });
  for (const [cx, cy] of [
    [32, 32],
    [W - 32, 32],
    [32, H - 32],
    [W - 32, H - 32],
  ] as const)
    page.drawSquare({
      x: cx - 5,
      y: cy - 5,
      size: 10,
      color: GOLD,
    });

  // the heading
  text(TITLE, W / 2, H - 120, 40, { align: 'center' });
  text('ELECTRONIC CERTIFICATE', W / 2, H - 145, 10, { align: 'center', color: GOLD });
  text(claims.exam.name, W / 2, H - 185, sizeToFit(claims.exam.name, 18, W - 180), { align: 'center' });
  page.drawLine({
    start: { x: 90, y: H - 205 },
    end: { x: W - 90, y: H - 205 },
    thickness: 0.8,
    color: GOLD,
  });

  // the statement
  const statement = `兹证明 ${claims.holder.name} 参加${claims.exam.name}考试成绩合格，特发此证。`;
  wrap(t(statement), (line) => font.widthOfTextAtSize(line, 14) <= W - 180).forEach((line, i) => {
    text(line, 90, H - 245 - i * 24, 14);
  });

  // the facts, label above value in two columns
  const idNumber = input.fullIdNumber ?? claims.holder.idNumberMasked;
  const facts: [string, string][] = [
    ['持证人姓名', claims.holder.name],
    ['身份证件号码', idNumber],
    ['考试名称', claims.exam.name],
    ['专业', claims.specialty ?? '—'],
    ['证书编号', claims.number],
    ['签发日期', chineseDate(claims.issuedAt)],
    ['签发单位', claims.issuer],
  ];
  const top = H - 320;
  facts.forEach(([label, value], i) => {
    const col = i % 2;
    const row = Math.floor(i / 2);
    const x = 90 + col * 215;
    const y = top - row * 58;
    text(label, x, y, 9, { color: MUTED });
    // the last fact alone in its row (the issuer) may take the whole width
    const width = col === 0 && i === facts.length - 1 ? W - 180 : 205;
    text(value, x, y - 20, sizeToFit(value, 13, width));
  });

  // N3: the equal effect
  const effectY = top - 4 * 58 - 10;
  page.drawRectangle({ x: 90, y: effectY - 10, width: W - 180, height: 30, color: rgb(0.98, 0.96, 0.9) });
  text(EQUAL_EFFECT, W / 2, effectY, 12, { align: 'center' });

  // the seal, over the issuer and date, bottom right
  const sealX = W - 160;
  const sealY = 200;
  text(claims.issuer, sealX, 150, sizeToFit(claims.issuer, 12, 230), { align: 'center' });
  text(chineseDate(claims.issuedAt), sealX, 130, 12, { align: 'center' });
  if (input.seal) {
    const img = await doc.embedPng(input.seal);
    page.drawImage(img, { x: sealX - 60, y: sealY - 60, width: 120, height: 120, opacity: 0.85 });
  } else {
    demoSeal(page, sealX, sealY, text);
  }

  // the QR code, bottom left
  const url = checkUrl(input.checkUrlBase, input.jws);
  const qrSize = drawQr(page, url, 86, 86, 150);
  text('扫码核验证书', 86 + qrSize / 2, 72, 9, { align: 'center', color: MUTED });
  text('本证书由数字签名保护，扫描二维码或访问以下地址核验真伪及当前状态：', 90, 58, 8, { color: MUTED });
  text(`${input.checkUrlBase.replace(/\/+$/, '')}/check/`, 90, 46, 8, { color: MUTED });

  return doc.save({ useObjectStreams: true });
}

/** Splits text into lines that `fits` (by character: Chinese has no spaces to break at). */
function wrap(s: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of s) {
    if (line && !fits(line + ch)) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** A synthetic seal, clearly a demo: a red ring, a star and 演示用章 (nobody's real seal). */
function demoSeal(
  page: PDFPage,
  x: number,
  y: number,
  text: (
    s: string,
    x: number,
    y: number,
    size: number,
    o?: { color?: ReturnType<typeof rgb>; align?: 'center' },
  ) => number,
): void {
  const opacity = 0.8;
  page.drawCircle({ x, y, size: 58, borderColor: RED, borderWidth: 3, borderOpacity: opacity });
  page.drawCircle({ x, y, size: 52, borderColor: RED, borderWidth: 0.8, borderOpacity: opacity });
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 ? 7 : 17;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    return `${(r * Math.cos(a)).toFixed(2)} ${(-r * Math.sin(a)).toFixed(2)}`;
  });
  page.drawSvgPath(`M ${star.join(' L ')} Z`, { x, y: y + 14, color: RED, opacity });
  text('演示用章', x, y - 26, 15, { color: RED, align: 'center' });
}

/** Draws the QR code of `data` as filled squares (vector: sharp at any zoom, no image); its size. */
function drawQr(page: PDFPage, data: string, x: number, y: number, size: number): number {
  // level L: the code carries ~800 characters (the JWS); a lower level keeps its modules large enough
  // to scan from a print (a PDF is not scuffed like a label)
  const qr = QRCode.create(data, { errorCorrectionLevel: 'L' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + quiet * 2);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  const dark = rgb(0, 0, 0);
  for (let r = 0; r < n; r++) {
    // a row's runs of dark modules as one rectangle each: fewer operators, a smaller file
    for (let c = 0; c < n; ) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < n && qr.modules.get(r, end)) end++;
      page.drawRectangle({
        x: x + (quiet + c) * cell,
        y: y + size - (quiet + r + 1) * cell,
        width: (end - c) * cell,
        height: cell,
        color: dark,
      });
      c = end;
    }
  }
  return size;
}
