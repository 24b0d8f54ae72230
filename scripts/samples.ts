/**
 * `npx tsx scripts/samples.ts`: writes the sample passing lists under docs/samples/ (synthetic people:
 * valid-checksum fake ID numbers, fake names and phones), as hr's spreadsheets have them — Chinese
 * column labels, a subject score — with two rows that are refused, to show the error report:
 * passing-list.csv (UTF-8 with BOM, CRLF) and passing-list.xlsx. Import either into the demo exam
 * 2026年度二级造价工程师职业资格考试 in `npm start` (README: journeys). Then materials.zip: small
 * PDF, PNG and JPEG files (made here, nothing copied in) for a few of the list's candidate numbers,
 * one in a folder, plus a file whose number matches nobody and a ".pdf" that is text, so the import
 * shows files attached and files reported.
 *
 * The paper certificates' files (issue 13): certificate-numbers.csv, 洛阳市's batch of the demo's
 * paper exam (N3: record it on 2025年度一级建造师资格考试（纸质证书）'s page); and China Post's two
 * files, as the tracking and delivery imports read them — tracking-numbers.csv (预约编号, 运单号) and
 * delivery-results.csv (预约编号, 投递结果, 原因, 时间: one delivered, one failed with its reason). A
 * booking's reference is made when it is booked, so theirs are made up: put the references of an
 * exported manifest (its last column) in their place — as they are, every row is reported as on no
 * manifest of the exam, and nothing is applied.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ZipFile } from 'yazl';
import { deliveryColumns, trackingColumns } from '../functions/domain/dispatch.js';
import { syntheticIdNumber } from '../functions/domain/id-number.js';
import { importColumns } from '../functions/domain/imports.js';
import { repoRoot } from '../infra/constructs/functions.js';

const cities = ['郑州市', '洛阳市', '开封市', '4103', '南阳市', '新乡市'];
const family = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const given = ['晓明', '丽娟', '建国', '海燕', '志强', '雪梅', '文博', '佳怡'];
const checks = ['通过', '通过', '通过', '需人工核查', '未通过'];

const header = [...Object.values(importColumns).map((c) => c.label), '科目一', '科目二'];
const rows: string[][] = [];
for (let i = 0; i < 30; i++) {
  rows.push([
    `ZJ2026${String(1001 + i)}`,
    `${family[i % family.length]}${given[i % given.length]}`,
    syntheticIdNumber('410105', `1988-0${1 + (i % 9)}-1${i % 10}`, i),
    `138${String(20260000 + i * 37).slice(-8)}`,
    cities[i % cities.length] as string,
    i % 4 === 0 ? '' : `河南某某工程咨询有限公司第${(i % 5) + 1}分公司`,
    checks[i % checks.length] as string,
    checks[(i + 1) % checks.length] as string,
    checks[(i + 2) % checks.length] as string,
    String(60 + (i % 40)),
    String(62 + ((i * 7) % 38)),
  ]);
}
// two rows the import refuses: a wrong check digit, and a phone number that is too short
const wrong = rows[7] as string[];
wrong[2] = `${(wrong[2] as string).slice(0, 17)}${(wrong[2] as string).endsWith('1') ? '2' : '1'}`;
(rows[12] as string[])[3] = '1380000';

const csv = stringify([header, ...rows], { bom: true, record_delimiter: '\r\n' });
writeFileSync(join(repoRoot, 'docs/samples/passing-list.csv'), csv);

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('合格人员名单');
ws.addRow(header);
for (const r of rows) ws.addRow(r);
await wb.xlsx.writeFile(join(repoRoot, 'docs/samples/passing-list.xlsx'));

/** A one-page PDF saying it is a synthetic sample (offsets computed, so any reader opens it). */
function pdf(title: string): Buffer {
  const text = `BT /F1 14 Tf 60 760 Td (${title}) Tj 0 -24 Td (Synthetic sample - not a real document) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A small solid-colour PNG (IHDR, one IDAT, IEND, each with its CRC). */
function png(r: number, g: number, b: number, size = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.from([0, ...Array.from({ length: size }, () => [r, g, b]).flat()]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An 8×8 light-grey baseline JPEG, written by hand: one grey component, quantization 1, Huffman tables
 * of one code each (DC category 10, AC end-of-block), one block whose DC is 512 (grey 192), nothing else.
 */
function jpeg(): Buffer {
  const seg = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const oneCode = (tableClass: number, symbol: number) => [tableClass, 1, ...Array(15).fill(0), symbol];
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...seg(0xdb, [0, ...Array(64).fill(1)]),
    ...seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...seg(0xc4, oneCode(0x00, 0x0a)),
    ...seg(0xc4, oneCode(0x10, 0x00)),
    ...seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
    // DC code 0, then 512 in 10 bits (1000000000), AC end-of-block 0, padded with 1s
    0x40,
    0x0f,
    0xff,
    0xd9,
  ]);
}

// the materials that go with the list: files named {candidateNo}-{anything}, as hr's scans come
const at = new Date('2026-01-05T09:00:00+08:00');
const zip = new ZipFile();
const add = (name: string, data: Buffer) => zip.addBuffer(data, name, { mtime: at });
add(`${rows[0]?.[0]}-学历证书.pdf`, pdf(`${rows[0]?.[0]} diploma`));
add(`${rows[0]?.[0]}-身份证.jpg`, jpeg());
add(`${rows[1]?.[0]}-学历证书.pdf`, pdf(`${rows[1]?.[0]} diploma`));
zip.addEmptyDirectory('工作年限证明', { mtime: at });
add(`工作年限证明/${rows[2]?.[0]}-工作证明.png`, png(0xdf, 0xe8, 0xd5));
add(`${rows[3]?.[0]}-职称证书.png`, png(0xe8, 0xee, 0xf7));
// reported: a number that is on no list, and a ".pdf" that is really text
add('ZJ20269999-学历证书.pdf', pdf('ZJ20269999 diploma'));
add(`${rows[4]?.[0]}-学位证书.pdf`, Buffer.from('这不是 PDF，只是一段文字。\n'));
zip.end();
const parts: Buffer[] = [];
for await (const c of zip.outputStream) parts.push(c as Buffer);
writeFileSync(join(repoRoot, 'docs/samples/materials.zip'), Buffer.concat(parts));

// N3: 洛阳市's batch of the demo paper exam (its candidate numbers carry the sitting's year)
const batch = [5, 6, 7, 8].map((n) => [
  `JZS120259${String(n).padStart(3, '0')}`,
  `LY2025${String(n).padStart(6, '0')}`,
  '',
]);
writeFileSync(
  join(repoRoot, 'docs/samples/certificate-numbers.csv'),
  stringify([['准考证号', '证书编号', '发证日期'], ...batch], { record_delimiter: '\r\n' }),
);
// R18, R19: China Post's files, by the columns the imports read (made-up references: see above)
const refs = ['YJSAMPLE0001', 'YJSAMPLE0002', 'YJSAMPLE0003'];
const post = { bom: true, record_delimiter: '\r\n' } as const;
writeFileSync(
  join(repoRoot, 'docs/samples/tracking-numbers.csv'),
  stringify(
    [Object.values(trackingColumns).map((c) => c.label), ...refs.map((r, i) => [r, `EM98300000${i}CN`])],
    post,
  ),
);
writeFileSync(
  join(repoRoot, 'docs/samples/delivery-results.csv'),
  stringify(
    [
      Object.values(deliveryColumns).map((c) => c.label),
      [refs[0], 'delivered', '', '2026-11-20'],
      [refs[1], 'failed', '收件人不在，多次联系未果', '2026-11-20T15:30:00+08:00'],
    ],
    post,
  ),
);
console.log(
  'docs/samples/: passing-list.csv, passing-list.xlsx, materials.zip, certificate-numbers.csv, tracking-numbers.csv, delivery-results.csv',
);
