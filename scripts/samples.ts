/**
 * `npx tsx scripts/samples.ts`: writes the sample passing lists under docs/samples/ (synthetic people:
 * valid-checksum fake ID numbers, fake names and phones), as hr's spreadsheets have them — Chinese
 * column labels, a subject score — with two rows that are refused, to show the error report:
 * passing-list.csv (UTF-8 with BOM, CRLF) and passing-list.xlsx. Import either into the demo exam
 * 2026年度二级造价工程师职业资格考试 in `npm start` (README: journeys).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
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
console.log('docs/samples/passing-list.csv, docs/samples/passing-list.xlsx');
