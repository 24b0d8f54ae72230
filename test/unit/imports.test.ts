/**
 * The hand-over of the passing list as a file (functions/domain/imports.ts): the upload's type and size,
 * the header (English keys or Chinese labels), a good row and every problem of a bad one, and what the
 * import of a row does to the candidate already on record. Synthetic data only: fake names, phones and
 * ID numbers with a valid checksum (syntheticIdNumber).
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import { idNumberMessages, syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  candidateNoSchema,
  checkHeader,
  checkImportSize,
  emptyTally,
  type HeaderCell,
  IMPORT_CHUNK_ROWS,
  type ImportedFacts,
  type ImportedRow,
  importColumns,
  importFormatOf,
  importFormats,
  importRowSchema,
  MAX_INLINE_BYTES,
  MAX_LISTED_ERRORS,
  MAX_UPLOAD_BYTES,
  outcomeError,
  parseRow,
  type RowError,
  type RowOutcome,
  readHeader,
  rowOutcome,
} from '../../functions/domain/imports.js';

const MiB = 1024 * 1024;

const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

// ---------------------------------------------------------------------------------------------------
// the constants

describe('the limits', () => {
  it('R5: a list of up to 5 MiB comes in the request itself, up to 200 MiB through an upload URL', () => {
    expect(MAX_INLINE_BYTES).toBe(5 * MiB);
    expect(MAX_INLINE_BYTES).toBe(5_242_880);
    expect(MAX_UPLOAD_BYTES).toBe(200 * MiB);
  });

  it('R5: the import keeps 1000 errors on itself and reads 500 rows per chunk', () => {
    expect(MAX_LISTED_ERRORS).toBe(1000);
    expect(IMPORT_CHUNK_ROWS).toBe(500);
  });

  it('a tally starts at zero for every count', () => {
    expect(emptyTally).toStrictEqual({ total: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------
// importFormatOf

describe('importFormatOf', () => {
  it('R5: text/csv is a CSV, the OOXML spreadsheet type an XLSX, application/zip a materials ZIP', () => {
    expect(importFormatOf('text/csv')).toBe('csv');
    expect(importFormatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
    expect(importFormatOf('application/zip')).toBe('zip');
    expect(importFormats).toStrictEqual({
      'text/csv': 'csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
      'application/zip': 'zip',
    });
  });

  it('R5: parameters such as charset are ignored, with or without spaces', () => {
    expect(importFormatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(importFormatOf('text/csv;charset=UTF-8')).toBe('csv');
    expect(importFormatOf('text/csv ; charset=utf-8')).toBe('csv');
    expect(importFormatOf('  text/csv  ')).toBe('csv');
    expect(
      importFormatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="名单.xlsx"'),
    ).toBe('xlsx');
  });

  it('R5: the type is read regardless of case', () => {
    expect(importFormatOf('Text/CSV')).toBe('csv');
    expect(importFormatOf('TEXT/CSV; Charset=UTF-8')).toBe('csv');
    expect(importFormatOf('APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET')).toBe('xlsx');
  });

  it('R5: another type is a 415 naming the type (lower-cased, without its parameters)', () => {
    const e = refusal(() => importFormatOf('Application/PDF; x=1'));
    expect(e.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(e.status).toBe(415);
    expect(e.message).toBe('请上传名单 CSV（text/csv，UTF-8）或 Excel（.xlsx）文件，或材料压缩包（.zip）');
    expect(e.details).toStrictEqual({
      fields: [{ field: 'content-type', message: '不支持的文件类型：application/pdf' }],
    });
  });

  it('R5: the old Excel format, JSON and a bare "csv" are refused too', () => {
    for (const t of ['application/vnd.ms-excel', 'application/json', 'csv', 'text/plain', 'text/csv2']) {
      expect(refusal(() => importFormatOf(t)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('R5: a missing or empty content type is a 415 saying none was given', () => {
    for (const t of [undefined, '', '   ', '; charset=utf-8']) {
      const e = refusal(() => importFormatOf(t));
      expect(e.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(e.details?.fields).toStrictEqual([
        { field: 'content-type', message: '不支持的文件类型：未注明' },
      ]);
    }
  });

  it('R5: a content type named like an Object property ("constructor", "__proto__") is a 415, not a format', () => {
    for (const t of ['constructor', '__proto__', 'tostring', 'hasownproperty']) {
      expect(refusal(() => importFormatOf(t)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// checkImportSize

describe('checkImportSize', () => {
  it('R5: an empty file is refused (400, the body)', () => {
    const e = refusal(() => checkImportSize(0, MAX_INLINE_BYTES));
    expect(e.code).toBe('VALIDATION');
    expect(e.status).toBe(400);
    expect(e.message).toBe('文件是空的');
    expect(e.details).toStrictEqual({ fields: [{ field: 'body', message: '文件是空的' }] });
  });

  it('R5: one byte and exactly the limit pass', () => {
    expect(() => checkImportSize(1, MAX_INLINE_BYTES)).not.toThrow();
    expect(() => checkImportSize(MAX_INLINE_BYTES, MAX_INLINE_BYTES)).not.toThrow();
    expect(() => checkImportSize(MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)).not.toThrow();
  });

  it('R5: one byte over the limit is a 413 naming the limit in MB', () => {
    const e = refusal(() => checkImportSize(MAX_INLINE_BYTES + 1, MAX_INLINE_BYTES));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
    expect(e.status).toBe(413);
    expect(e.message).toBe('文件超过 5 MB，请通过上传链接上传');
    expect(e.details).toStrictEqual({ fields: [{ field: 'body', message: '文件超过 5 MB' }] });
  });

  it('R5: the MB named are those of the limit given (200 MB for an upload, rounded)', () => {
    expect(refusal(() => checkImportSize(MAX_UPLOAD_BYTES + 1, MAX_UPLOAD_BYTES)).message).toBe(
      '文件超过 200 MB，请通过上传链接上传',
    );
    expect(refusal(() => checkImportSize(2 * MiB, 1.6 * MiB)).details?.fields).toStrictEqual([
      { field: 'body', message: '文件超过 2 MB' },
    ]);
    expect(refusal(() => checkImportSize(2 * MiB, 1.4 * MiB)).message).toBe(
      '文件超过 1 MB，请通过上传链接上传',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// the columns, readHeader, checkHeader

const keys = [
  'candidateNo',
  'name',
  'idNumber',
  'phone',
  'city',
  'employer',
  'education',
  'major',
  'workYears',
] as const;
const labels = [
  '准考证号',
  '姓名',
  '身份证号',
  '手机号',
  '地市',
  '工作单位',
  '学历核验',
  '专业核验',
  '工作年限核验',
];

describe('the columns', () => {
  it('R5: nine columns, each with its Chinese label; only the employer is optional', () => {
    expect(importColumns).toStrictEqual({
      candidateNo: { label: '准考证号', required: true },
      name: { label: '姓名', required: true },
      idNumber: { label: '身份证号', required: true },
      phone: { label: '手机号', required: true },
      city: { label: '地市', required: true },
      employer: { label: '工作单位', required: false },
      education: { label: '学历核验', required: true },
      major: { label: '专业核验', required: true },
      workYears: { label: '工作年限核验', required: true },
    });
  });
});

describe('readHeader', () => {
  it('R5: the English keys name the columns', () => {
    expect(readHeader(keys)).toStrictEqual(keys.map((column) => ({ column })));
  });

  it('R5: the Chinese labels name the same columns', () => {
    expect(readHeader(labels)).toStrictEqual(keys.map((column) => ({ column })));
  });

  it('R5: keys and labels may be mixed, and cells are trimmed', () => {
    expect(readHeader([' 准考证号 ', 'name\t', '  身份证号'])).toStrictEqual([
      { column: 'candidateNo' },
      { column: 'name' },
      { column: 'idNumber' },
    ]);
  });

  it('R5: a byte-order mark on the first cell is not part of its name', () => {
    expect(readHeader(['\uFEFF准考证号', '姓名'])).toStrictEqual([
      { column: 'candidateNo' },
      { column: 'name' },
    ]);
    expect(readHeader(['\uFEFFcandidateNo'])).toStrictEqual([{ column: 'candidateNo' }]);
    expect(readHeader(['\uFEFF综合成绩'])).toStrictEqual([{ subject: '综合成绩' }]);
  });

  it('a byte-order mark inside a cell is part of it (only a leading one is dropped)', () => {
    expect(readHeader(['na\uFEFFme', '地\uFEFF市'])).toStrictEqual([
      { subject: 'na\uFEFFme' },
      { subject: '地\uFEFF市' },
    ]);
  });

  it('R5: blank cells are nothing', () => {
    expect(readHeader(['', '  ', '\uFEFF', '姓名'])).toStrictEqual([null, null, null, { column: 'name' }]);
  });

  it('R5: any other header is a subject score, trimmed; keys are case-sensitive', () => {
    expect(readHeader(['建设工程经济', ' 专业实务 ', 'Name', 'CITY', '姓 名'])).toStrictEqual([
      { subject: '建设工程经济' },
      { subject: '专业实务' },
      { subject: 'Name' },
      { subject: 'CITY' },
      { subject: '姓 名' },
    ]);
  });

  it('an empty header row is an empty list', () => {
    expect(readHeader([])).toStrictEqual([]);
  });
});

describe('checkHeader', () => {
  const full = readHeader(labels);

  it('R5: every column, with subjects and blank cells among them, passes', () => {
    expect(() => checkHeader(full)).not.toThrow();
    expect(() => checkHeader([null, ...readHeader(['综合成绩']), ...full, null])).not.toThrow();
  });

  it('R5: the employer column is optional', () => {
    expect(() =>
      checkHeader(full.filter((h) => !(h && 'column' in h && h.column === 'employer'))),
    ).not.toThrow();
  });

  it('R5: missing columns are named, in the order of the columns, not of the file', () => {
    const header = readHeader(['工作年限核验', '专业核验', '学历核验', '工作单位', '手机号', '准考证号']);
    const e = refusal(() => checkHeader(header));
    expect(e.code).toBe('VALIDATION');
    expect(e.status).toBe(400);
    expect(e.details?.fields).toStrictEqual([
      { field: 'name', message: '缺少“姓名”（name）列' },
      { field: 'idNumber', message: '缺少“身份证号”（idNumber）列' },
      { field: 'city', message: '缺少“地市”（city）列' },
    ]);
    expect(e.message).toBe(
      '表头不完整：缺少“姓名”（name）列；缺少“身份证号”（idNumber）列；缺少“地市”（city）列',
    );
  });

  it('R5: an empty header misses every required column but not the employer', () => {
    const e = refusal(() => checkHeader([null, null]));
    expect(e.details?.fields?.map((f) => f.field)).toStrictEqual([
      'candidateNo',
      'name',
      'idNumber',
      'phone',
      'city',
      'education',
      'major',
      'workYears',
    ]);
  });

  it('R5: a subject header does not stand in for a column', () => {
    const header = readHeader(labels.map((l) => (l === '地市' ? '所在地市' : l)));
    expect(refusal(() => checkHeader(header)).details?.fields).toStrictEqual([
      { field: 'city', message: '缺少“地市”（city）列' },
    ]);
  });

  it('R5: a column twice is refused, by key and label alike', () => {
    const e = refusal(() => checkHeader([...full, ...readHeader(['phone'])]));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields).toStrictEqual([
      { field: 'phone', message: '“手机号”（phone）列出现了不止一次' },
    ]);
    expect(e.message).toBe('表头不完整：“手机号”（phone）列出现了不止一次');
  });

  it('R5: the optional employer column may not come twice either', () => {
    expect(refusal(() => checkHeader([...full, { column: 'employer' }])).details?.fields).toStrictEqual([
      { field: 'employer', message: '“工作单位”（employer）列出现了不止一次' },
    ]);
  });

  it('R5: missing columns come first, then the ones twice, each in column order', () => {
    const header: HeaderCell[] = full.filter((h) => !(h && 'column' in h && h.column === 'city'));
    header.push({ column: 'workYears' }, { column: 'name' }, { column: 'workYears' });
    const e = refusal(() => checkHeader(header));
    expect(e.details?.fields).toStrictEqual([
      { field: 'city', message: '缺少“地市”（city）列' },
      { field: 'name', message: '“姓名”（name）列出现了不止一次' },
      { field: 'workYears', message: '“工作年限核验”（workYears）列出现了不止一次' },
    ]);
    expect(e.message).toBe(
      '表头不完整：缺少“地市”（city）列；“姓名”（name）列出现了不止一次；“工作年限核验”（workYears）列出现了不止一次',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// parseRow

const ID1 = syntheticIdNumber('410102', '1990-03-07', 1);
const ID2 = syntheticIdNumber('410305', '19851120', 2);
const header = readHeader(labels);

type Cells = Record<(typeof keys)[number], string>;
const good: Cells = {
  candidateNo: 'JZS2-2026-0001',
  name: '测试甲',
  idNumber: ID1,
  phone: '13900000001',
  city: '4101',
  employer: '某某测试建设有限公司',
  education: '通过',
  major: '未通过',
  workYears: '需人工核查',
};
const cellsOf = (over: Partial<Cells> = {}): string[] => keys.map((k) => ({ ...good, ...over })[k]);
const parse = (over: Partial<Cells> = {}, row = 2) => parseRow(header, cellsOf(over), row);
const goodRow = (over: Partial<Cells> = {}): ImportedRow => {
  const r = parse(over);
  if (!r.ok) throw new Error(`expected a good row: ${JSON.stringify(r.errors)}`);
  return r.value;
};
const errorsOf = (over: Partial<Cells> = {}, row = 2): RowError[] => {
  const r = parse(over, row);
  if (r.ok) throw new Error('expected a refused row');
  return r.errors;
};

describe('parseRow: a good row', () => {
  it('R5: a row becomes the candidate record’s data, the checks as the commitment', () => {
    expect(parse()).toStrictEqual({
      ok: true,
      value: {
        candidateNo: 'JZS2-2026-0001',
        name: '测试甲',
        idNumber: ID1,
        phone: '13900000001',
        city: '4101',
        employer: '某某测试建设有限公司',
        commitment: { education: 'passed', major: 'failed', workYears: 'manual' },
      },
    });
  });

  it('R5: the columns are found by the header, in any order, by key or label', () => {
    const order = [8, 3, 0, 6, 2, 7, 1, 5, 4];
    const h = readHeader(order.map((i, n) => (n % 2 ? keys[i] : labels[i]) as string));
    const cells = order.map((i) => cellsOf()[i] as string);
    expect(parseRow(h, cells, 2)).toStrictEqual(parse());
  });

  it('R5: every cell is trimmed', () => {
    const spaced = Object.fromEntries(keys.map((k) => [k, `  ${good[k]}\t`])) as Cells;
    expect(goodRow(spaced)).toStrictEqual(goodRow());
  });

  it('R5: the ID number is read with spaces removed and a lower-case x upper-cased', () => {
    // a synthetic number whose check character is X, so the case rule is exercised
    const withX = [...Array(100).keys()]
      .map((s) => syntheticIdNumber('410102', '1990-01-01', s))
      .find((n) => n.endsWith('X')) as string;
    expect(withX.endsWith('X')).toBe(true);
    const typed = `${withX.slice(0, 6)} ${withX.slice(6, 14)} ${withX.slice(14).toLowerCase()}`;
    expect(goodRow({ idNumber: typed }).idNumber).toBe(withX);
  });

  it('R5: the city by its code, by its name, and the province-administered 济源市 (419001)', () => {
    expect(goodRow({ city: '4101' }).city).toBe('4101');
    expect(goodRow({ city: '郑州市' }).city).toBe('4101');
    expect(goodRow({ city: '洛阳市' }).city).toBe('4103');
    expect(goodRow({ city: ' 驻马店市 ' }).city).toBe('4117');
    expect(goodRow({ city: '419001' }).city).toBe('419001');
    expect(goodRow({ city: '济源市' }).city).toBe('419001');
  });

  it('N2: 通过 / 未通过 / 需人工核查 are passed / failed / manual', () => {
    expect(goodRow({ education: '通过', major: '通过', workYears: '通过' }).commitment).toStrictEqual({
      education: 'passed',
      major: 'passed',
      workYears: 'passed',
    });
    expect(goodRow({ education: '未通过', major: '未通过', workYears: '未通过' }).commitment).toStrictEqual({
      education: 'failed',
      major: 'failed',
      workYears: 'failed',
    });
    expect(
      goodRow({ education: '需人工核查', major: '需人工核查', workYears: '需人工核查' }).commitment,
    ).toStrictEqual({ education: 'manual', major: 'manual', workYears: 'manual' });
  });

  it('N2: the English words passed / failed / manual are taken as they are', () => {
    expect(goodRow({ education: 'passed', major: 'failed', workYears: 'manual' }).commitment).toStrictEqual({
      education: 'passed',
      major: 'failed',
      workYears: 'manual',
    });
    expect(goodRow({ education: 'manual', major: 'passed', workYears: 'failed' }).commitment).toStrictEqual({
      education: 'manual',
      major: 'passed',
      workYears: 'failed',
    });
    expect(
      goodRow({ education: ' failed ', major: ' 通过 ', workYears: '\t未通过' }).commitment,
    ).toStrictEqual({
      education: 'failed',
      major: 'passed',
      workYears: 'failed',
    });
  });

  it('N2: each check is read on its own (education, major, workYears)', () => {
    expect(goodRow({ education: '未通过', major: '通过', workYears: '通过' }).commitment.education).toBe(
      'failed',
    );
    expect(goodRow({ education: '通过', major: '需人工核查', workYears: '通过' }).commitment.major).toBe(
      'manual',
    );
    expect(goodRow({ education: '通过', major: '通过', workYears: 'failed' }).commitment.workYears).toBe(
      'failed',
    );
  });

  it('R5: a blank employer is left out of the row, not kept empty', () => {
    for (const employer of ['', '   ']) {
      const v = goodRow({ employer });
      expect(v).not.toHaveProperty('employer');
      expect(Object.keys(v)).toStrictEqual([
        'candidateNo',
        'name',
        'idNumber',
        'phone',
        'city',
        'commitment',
      ]);
    }
  });

  it('R5: a file without the employer column makes rows without an employer', () => {
    const h = readHeader(labels.filter((l) => l !== '工作单位'));
    const cells = cellsOf().filter((_, i) => keys[i] !== 'employer');
    const r = parseRow(h, cells, 2);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value).toStrictEqual({
      candidateNo: 'JZS2-2026-0001',
      name: '测试甲',
      idNumber: ID1,
      phone: '13900000001',
      city: '4101',
      commitment: { education: 'passed', major: 'failed', workYears: 'manual' },
    });
  });

  it('R5: an employer is trimmed; 100 characters are enough', () => {
    expect(goodRow({ employer: '  测试单位  ' }).employer).toBe('测试单位');
    expect(goodRow({ employer: '单'.repeat(100) }).employer).toBe('单'.repeat(100));
  });

  it('R5: names of letters, spaces and the middle dot; 2 and 30 characters', () => {
    expect(goodRow({ name: '测试·乙' }).name).toBe('测试·乙');
    expect(goodRow({ name: 'Test Person' }).name).toBe('Test Person');
    expect(goodRow({ name: '测试' }).name).toBe('测试');
    expect(goodRow({ name: '测'.repeat(30) }).name).toBe('测'.repeat(30));
  });

  it('R5: admission ticket numbers of 4 to 30 letters, digits or hyphens', () => {
    for (const no of ['ABCD', 'abcd', '1234', 'a-1-', `A${'9'.repeat(29)}`, '-Zz0']) {
      expect(goodRow({ candidateNo: no }).candidateNo).toBe(no);
    }
    expect(candidateNoSchema.parse('  2026-0001 ')).toBe('2026-0001');
  });

  it('R5: a subject column is a score: whole numbers and up to 2 decimals, up to 300', () => {
    const h = [...header, ...readHeader(['建设工程经济', '专业实务', '综合', '法规', '管理'])];
    const r = parseRow(h, [...cellsOf(), '85', ' 72.5 ', '0', '300', '99.99'], 3);
    expect(r.ok && r.value.scores).toStrictEqual({
      建设工程经济: 85,
      专业实务: 72.5,
      综合: 0,
      法规: 300,
      管理: 99.99,
    });
  });

  it('R5: a blank score is no score; a row without scores has none at all', () => {
    const h = [...header, ...readHeader(['建设工程经济', '专业实务'])];
    const some = parseRow(h, [...cellsOf(), '', '60'], 2);
    expect(some.ok && some.value.scores).toStrictEqual({ 专业实务: 60 });
    for (const blank of [
      ['', '  '],
      ['\t', ''],
    ]) {
      const r = parseRow(h, [...cellsOf(), ...blank], 2);
      expect(r.ok).toBe(true);
      expect(r.ok && r.value).not.toHaveProperty('scores');
      expect(r).toStrictEqual(parse());
    }
    // cells missing at the end of the row are blank too
    expect(parseRow(h, cellsOf(), 2)).toStrictEqual(parse());
  });

  it('R5: cells under a blank header and cells past the header are ignored', () => {
    const h = [null, ...header, null];
    expect(parseRow(h, ['奇怪的内容', ...cellsOf(), '多余', '更多'], 2)).toStrictEqual(parse());
  });
});

describe('parseRow: a refused row', () => {
  const ID_MSG = idNumberMessages;
  const CHECK_MSG = '核验结果应为 通过、未通过 或 需人工核查';
  const CITY_MSG = '地市应为河南省地市代码（如 4101）或名称（如 郑州市）';

  it('R5: the errors name the row as the spreadsheet shows it', () => {
    expect(errorsOf({ phone: '12345' }, 7)).toStrictEqual([
      { row: 7, field: 'phone', message: '手机号应为11位数字，以1开头' },
    ]);
    expect(errorsOf({ phone: '12345' }, 200_001)[0]?.row).toBe(200_001);
  });

  it('R5: the admission ticket number: 4–30 letters, digits or hyphens', () => {
    const msg = '准考证号应为4–30位字母、数字或连字符';
    for (const no of [
      'ABC',
      `A${'9'.repeat(30)}`,
      'AB_CD',
      'AB CD',
      '准考证0001',
      '!ABCD',
      'ABCD!',
      'ABCD.1',
    ]) {
      expect(errorsOf({ candidateNo: no })).toStrictEqual([{ row: 2, field: 'candidateNo', message: msg }]);
    }
  });

  it('R5: the name: at least 2, at most 30 characters, Han characters, letters, spaces or the middle dot', () => {
    expect(errorsOf({ name: '测' })).toStrictEqual([{ row: 2, field: 'name', message: '姓名至少2个字' }]);
    expect(errorsOf({ name: '测'.repeat(31) })).toStrictEqual([
      { row: 2, field: 'name', message: '姓名过长' },
    ]);
    expect(errorsOf({ name: '测试1' })).toStrictEqual([
      { row: 2, field: 'name', message: '姓名只能包含汉字、字母和间隔号' },
    ]);
  });

  it('R5: the ID number: format, birth date and checksum each have their message', () => {
    expect(errorsOf({ idNumber: ID1.slice(0, 17) })).toStrictEqual([
      { row: 2, field: 'idNumber', message: ID_MSG.format },
    ]);
    expect(errorsOf({ idNumber: syntheticIdNumber('410102', '1990-02-30', 1) })).toStrictEqual([
      { row: 2, field: 'idNumber', message: ID_MSG.birthDate },
    ]);
    const wrong = ID1.slice(0, 17) + (ID1.endsWith('0') ? '1' : '0');
    expect(errorsOf({ idNumber: wrong })).toStrictEqual([
      { row: 2, field: 'idNumber', message: ID_MSG.checksum },
    ]);
  });

  it('N4: a refused ID number or phone is not repeated in the error', () => {
    const wrong = ID2.slice(0, 17) + (ID2.endsWith('0') ? '1' : '0');
    const errors = errorsOf({ idNumber: wrong, phone: '23900000001' });
    expect(errors.map((e) => e.field)).toStrictEqual(['idNumber', 'phone']);
    for (const e of errors) {
      expect(e.message).not.toContain(wrong);
      expect(e.message).not.toContain(wrong.slice(6, 14));
      expect(e.message).not.toContain('23900000001');
    }
  });

  it('R5: the phone: 11 digits starting 1 then 3–9', () => {
    const msg = '手机号应为11位数字，以1开头';
    for (const phone of [
      '1390000000',
      '139000000012',
      '12900000001',
      '23900000001',
      '1390000000a',
      '139 0000 0001',
    ]) {
      expect(errorsOf({ phone })).toStrictEqual([{ row: 2, field: 'phone', message: msg }]);
    }
    expect(goodRow({ phone: ' 13900000001 ' }).phone).toBe('13900000001');
  });

  it('R5: the city: a Henan city’s code or name, nothing else', () => {
    for (const city of ['4100', '41', '410100', '1101', '北京市', '郑州', 'Zhengzhou', '419000']) {
      expect(errorsOf({ city })).toStrictEqual([{ row: 2, field: 'city', message: CITY_MSG }]);
    }
  });

  it('R5: importRowSchema reports a bad city or check as a custom issue at its field', () => {
    const r = importRowSchema.safeParse({ ...good, city: '北京市', workYears: '是' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }))).toStrictEqual([
      { code: 'custom', path: ['city'], message: CITY_MSG },
      { code: 'custom', path: ['workYears'], message: CHECK_MSG },
    ]);
  });

  it('R5: the employer: at most 100 characters', () => {
    expect(errorsOf({ employer: '单'.repeat(101) })).toStrictEqual([
      { row: 2, field: 'employer', message: '工作单位不超过100字' },
    ]);
  });

  it('N2: a check that is not 通过, 未通过 or 需人工核查 (or the English words) is refused, per item', () => {
    for (const word of ['是', '否', 'Passed', 'PASSED', 'pass', '通 过', 'true', '1']) {
      expect(errorsOf({ education: word })).toStrictEqual([
        { row: 2, field: 'education', message: CHECK_MSG },
      ]);
      expect(errorsOf({ major: word })).toStrictEqual([{ row: 2, field: 'major', message: CHECK_MSG }]);
      expect(errorsOf({ workYears: word })).toStrictEqual([
        { row: 2, field: 'workYears', message: CHECK_MSG },
      ]);
    }
  });

  it('N2: a check cell named like an Object property ("toString", "constructor") is refused', () => {
    for (const word of ['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty']) {
      expect(errorsOf({ education: word })).toStrictEqual([
        { row: 2, field: 'education', message: CHECK_MSG },
      ]);
    }
  });

  it('R5: a blank or missing cell says which column is missing, by its Chinese label', () => {
    const blank = Object.fromEntries(keys.map((k) => [k, ' '])) as Cells;
    expect(errorsOf(blank, 4)).toStrictEqual([
      { row: 4, field: 'candidateNo', message: '缺少准考证号' },
      { row: 4, field: 'name', message: '缺少姓名' },
      { row: 4, field: 'idNumber', message: '缺少身份证号' },
      { row: 4, field: 'phone', message: '缺少手机号' },
      { row: 4, field: 'city', message: '缺少地市' },
      { row: 4, field: 'education', message: '缺少学历核验' },
      { row: 4, field: 'major', message: '缺少专业核验' },
      { row: 4, field: 'workYears', message: '缺少工作年限核验' },
    ]);
    expect(errorsOf({ city: '' })).toStrictEqual([{ row: 2, field: 'city', message: '缺少地市' }]);
    // a row shorter than the header: the cells at its end are missing
    expect(parseRow(header, cellsOf().slice(0, 7), 9)).toStrictEqual({
      ok: false,
      errors: [
        { row: 9, field: 'major', message: '缺少专业核验' },
        { row: 9, field: 'workYears', message: '缺少工作年限核验' },
      ],
    });
  });

  it('R5: a column absent from the header is missing in every row', () => {
    const h = header.filter((c) => !(c && 'column' in c && c.column === 'phone'));
    const cells = cellsOf().filter((_, i) => keys[i] !== 'phone');
    expect(parseRow(h, cells, 5)).toStrictEqual({
      ok: false,
      errors: [{ row: 5, field: 'phone', message: '缺少手机号' }],
    });
  });

  it('R5: one message per field, the first: a one-character name with a digit is “too short”', () => {
    expect(errorsOf({ name: '1' })).toStrictEqual([{ row: 2, field: 'name', message: '姓名至少2个字' }]);
    expect(errorsOf({ name: `1${'测'.repeat(30)}` })).toStrictEqual([
      { row: 2, field: 'name', message: '姓名过长' },
    ]);
  });

  it('R5: every problem of a row is reported, in column order', () => {
    expect(
      errorsOf(
        { candidateNo: 'A', name: '测', phone: '1', city: '上海市', employer: '单'.repeat(101), major: '?' },
        6,
      ),
    ).toStrictEqual([
      { row: 6, field: 'candidateNo', message: '准考证号应为4–30位字母、数字或连字符' },
      { row: 6, field: 'name', message: '姓名至少2个字' },
      { row: 6, field: 'phone', message: '手机号应为11位数字，以1开头' },
      { row: 6, field: 'city', message: CITY_MSG },
      { row: 6, field: 'employer', message: '工作单位不超过100字' },
      { row: 6, field: 'major', message: CHECK_MSG },
    ]);
  });

  it('R5: a score that is not a number of up to 3 digits and 2 decimals is refused, named by its subject', () => {
    const msg = '成绩应为数字，如 85 或 72.5';
    const h = [...header, ...readHeader(['建设工程经济'])];
    for (const s of [
      '八十五',
      '85分',
      'a85',
      '-1',
      '1000',
      '.5',
      '85.',
      '72.555',
      '7 2',
      '85,5',
      '+85',
      '1e2',
    ]) {
      expect(parseRow(h, [...cellsOf(), s], 3)).toStrictEqual({
        ok: false,
        errors: [{ row: 3, field: '建设工程经济', message: msg }],
      });
    }
  });

  it('R5: a score over 300 is refused', () => {
    const h = [...header, ...readHeader(['综合'])];
    for (const s of ['301', '300.01', '300.5', '999']) {
      expect(parseRow(h, [...cellsOf(), s], 3)).toStrictEqual({
        ok: false,
        errors: [{ row: 3, field: '综合', message: '成绩不应超过300' }],
      });
    }
  });

  it('R5: score errors follow the columns’ errors; a good score does not save a bad row', () => {
    const h = [...header, ...readHeader(['建设工程经济', '专业实务', '综合'])];
    expect(parseRow(h, [...cellsOf({ phone: 'x' }), 'x', '80', '400'], 8)).toStrictEqual({
      ok: false,
      errors: [
        { row: 8, field: 'phone', message: '手机号应为11位数字，以1开头' },
        { row: 8, field: '建设工程经济', message: '成绩应为数字，如 85 或 72.5' },
        { row: 8, field: '综合', message: '成绩不应超过300' },
      ],
    });
    expect(parseRow(h, [...cellsOf({ phone: 'x' }), '90', '80', '70'], 8)).toStrictEqual({
      ok: false,
      errors: [{ row: 8, field: 'phone', message: '手机号应为11位数字，以1开头' }],
    });
  });

  it('R5: a bad score alone refuses an otherwise good row', () => {
    const h = [...header, ...readHeader(['专业实务'])];
    expect(parseRow(h, [...cellsOf(), '301'], 2).ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// rowOutcome, outcomeError

const IMPORT = 'imp-0001';
const row = (over: Partial<ImportedRow> = {}): ImportedRow => ({
  candidateNo: 'JZS2-2026-0001',
  name: '测试甲',
  idNumber: ID1,
  phone: '13900000001',
  city: '4101',
  employer: '某某测试建设有限公司',
  commitment: { education: 'passed', major: 'failed', workYears: 'manual' },
  scores: { 建设工程经济: 85, 专业实务: 72.5 },
  ...over,
});
const onFile = (over: Partial<ImportedFacts> = {}): ImportedFacts => ({
  candidateNo: 'JZS2-2026-0001',
  name: '测试甲',
  phone: '13900000001',
  city: '4101',
  employer: '某某测试建设有限公司',
  commitment: { education: 'passed', major: 'failed', workYears: 'manual' },
  scores: { 建设工程经济: 85, 专业实务: 72.5 },
  status: 'verifying',
  importedFrom: { importId: 'imp-0000', row: 2, as: 'new' },
  ...over,
});
const outcome = (r: ImportedRow, existing: ImportedFacts | undefined, rowNo = 2) =>
  rowOutcome(r, rowNo, IMPORT, existing);

describe('rowOutcome', () => {
  it('R5: a person not on record for the exam is new', () => {
    expect(outcome(row(), undefined)).toStrictEqual({ kind: 'new' });
  });

  it('R5: the same data as on record is unchanged (nothing to write)', () => {
    expect(outcome(row(), onFile())).toStrictEqual({ kind: 'unchanged' });
  });

  it('R5: a record never imported (no importedFrom) is compared like any other', () => {
    const { importedFrom: _, ...manual } = onFile();
    expect(outcome(row(), manual)).toStrictEqual({ kind: 'unchanged' });
    expect(outcome(row({ phone: '13900000002' }), manual)).toStrictEqual({
      kind: 'update',
      changed: ['phone'],
    });
  });

  it('R5: each changed field is named', () => {
    expect(outcome(row({ candidateNo: 'JZS2-2026-0002' }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['candidateNo'],
    });
    expect(outcome(row({ name: '测试乙' }), onFile())).toStrictEqual({ kind: 'update', changed: ['name'] });
    expect(outcome(row({ phone: '13900000002' }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['phone'],
    });
    expect(outcome(row({ city: '419001' }), onFile())).toStrictEqual({ kind: 'update', changed: ['city'] });
    expect(outcome(row({ employer: '另一测试单位' }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['employer'],
    });
    expect(outcome(row({ scores: { 建设工程经济: 86, 专业实务: 72.5 } }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['scores'],
    });
  });

  it('R5: several changes are listed in the order of the fields', () => {
    expect(
      outcome(
        row({
          scores: { 建设工程经济: 60 },
          city: '4102',
          name: '测试丙',
          candidateNo: 'X-0001',
          phone: '13900000009',
          employer: '另一测试单位',
          commitment: { education: 'failed', major: 'failed', workYears: 'manual' },
        }),
        onFile(),
      ),
    ).toStrictEqual({
      kind: 'update',
      changed: ['candidateNo', 'name', 'phone', 'city', 'employer', 'commitment', 'scores'],
    });
  });

  it('N2: a change of any one online check changes the commitment', () => {
    const base = { education: 'passed', major: 'failed', workYears: 'manual' } as const;
    for (const commitment of [
      { ...base, education: 'manual' },
      { ...base, major: 'passed' },
      { ...base, workYears: 'failed' },
    ] as const) {
      expect(outcome(row({ commitment }), onFile())).toStrictEqual({
        kind: 'update',
        changed: ['commitment'],
      });
    }
  });

  it('N2: the commitment is compared check by check, whatever the key order of the stored map', () => {
    const stored = onFile({ commitment: { workYears: 'manual', major: 'failed', education: 'passed' } });
    expect(outcome(row(), stored)).toStrictEqual({ kind: 'unchanged' });
    const swapped = onFile({ commitment: { education: 'failed', major: 'passed', workYears: 'manual' } });
    expect(outcome(row(), swapped)).toStrictEqual({ kind: 'update', changed: ['commitment'] });
  });

  it('N2: a record without commitment checks takes them from the list', () => {
    const { commitment: _, ...without } = onFile();
    expect(outcome(row(), without)).toStrictEqual({ kind: 'update', changed: ['commitment'] });
  });

  it('R5: scores are compared subject by subject, whatever the key order', () => {
    expect(outcome(row(), onFile({ scores: { 专业实务: 72.5, 建设工程经济: 85 } }))).toStrictEqual({
      kind: 'unchanged',
    });
    expect(
      outcome(row({ scores: { c: 1, a: 2, b: 3 } }), onFile({ scores: { b: 3, c: 1, a: 2 } })),
    ).toStrictEqual({ kind: 'unchanged' });
    // the same values under other subjects are a change
    expect(outcome(row({ scores: { a: 1, b: 2 } }), onFile({ scores: { a: 2, b: 1 } }))).toStrictEqual({
      kind: 'update',
      changed: ['scores'],
    });
  });

  it('R5: a subject more, less or none at all is a change of the scores', () => {
    expect(outcome(row({ scores: { 建设工程经济: 85 } }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['scores'],
    });
    expect(outcome(row({ scores: { 建设工程经济: 85, 专业实务: 72.5, 综合: 90 } }), onFile())).toStrictEqual({
      kind: 'update',
      changed: ['scores'],
    });
    const { scores: _, ...noScores } = row();
    expect(outcome(noScores, onFile())).toStrictEqual({ kind: 'update', changed: ['scores'] });
    const { scores: __, ...fileNoScores } = onFile();
    expect(outcome(row(), fileNoScores)).toStrictEqual({ kind: 'update', changed: ['scores'] });
    expect(outcome(noScores, fileNoScores)).toStrictEqual({ kind: 'unchanged' });
  });

  it('R5: no employer on either side is no change; one on one side only is', () => {
    const { employer: _, ...rowNoEmployer } = row();
    const { employer: __, ...fileNoEmployer } = onFile();
    expect(outcome(rowNoEmployer, fileNoEmployer)).toStrictEqual({ kind: 'unchanged' });
    expect(outcome(rowNoEmployer, onFile())).toStrictEqual({ kind: 'update', changed: ['employer'] });
    expect(outcome(row(), fileNoEmployer)).toStrictEqual({ kind: 'update', changed: ['employer'] });
  });

  it('R5: a record without an admission ticket number takes the list’s', () => {
    const { candidateNo: _, ...without } = onFile();
    expect(outcome(row(), without)).toStrictEqual({ kind: 'update', changed: ['candidateNo'] });
  });

  it('R5: the same person twice in one import: the later row is a duplicate naming the earlier', () => {
    const written = onFile({ name: '测试乙', importedFrom: { importId: IMPORT, row: 3, as: 'new' } });
    expect(outcome(row(), written, 9)).toStrictEqual({ kind: 'duplicate', earlierRow: 3 });
    // even if the later row is identical to what the earlier one wrote
    const same = onFile({ importedFrom: { importId: IMPORT, row: 4, as: 'update' } });
    expect(outcome(row(), same, 10)).toStrictEqual({ kind: 'duplicate', earlierRow: 4 });
  });

  it('R5: the very row of the very import again (a chunk run twice) is counted as it was, not written', () => {
    const asNew = onFile({ importedFrom: { importId: IMPORT, row: 7, as: 'new' } });
    expect(outcome(row(), asNew, 7)).toStrictEqual({ kind: 'again', as: 'new' });
    const asUpdate = onFile({ name: '测试乙', importedFrom: { importId: IMPORT, row: 7, as: 'update' } });
    expect(outcome(row(), asUpdate, 7)).toStrictEqual({ kind: 'again', as: 'update' });
  });

  it('R5: a chunk run again is recognised whatever the status now is', () => {
    const moved = onFile({ status: 'qualified', importedFrom: { importId: IMPORT, row: 7, as: 'update' } });
    expect(outcome(row({ phone: '13900000005' }), moved, 7)).toStrictEqual({ kind: 'again', as: 'update' });
  });

  it('R5: the same row number of another import is not “again”', () => {
    const earlier = onFile({ importedFrom: { importId: 'imp-0000', row: 7, as: 'new' } });
    expect(outcome(row(), earlier, 7)).toStrictEqual({ kind: 'unchanged' });
    expect(outcome(row({ name: '测试乙' }), earlier, 7)).toStrictEqual({ kind: 'update', changed: ['name'] });
  });

  it('R5: a change for a candidate no longer being verified is refused', () => {
    for (const status of ['qualified', 'unqualified', 'pending', 'forfeited', 'revoked'] as const) {
      expect(outcome(row({ phone: '13900000002' }), onFile({ status }))).toStrictEqual({
        kind: 'refused',
        message: '该考生已不在资格核查中，名单中的变更未导入，请联系核查部门',
      });
    }
  });

  it('R5: the same data for a candidate no longer being verified is simply unchanged', () => {
    for (const status of ['qualified', 'unqualified', 'pending', 'forfeited', 'revoked'] as const) {
      expect(outcome(row(), onFile({ status }))).toStrictEqual({ kind: 'unchanged' });
    }
  });

  it('R5: a row parsed from the file against its own record written before is unchanged', () => {
    const h = [...header, ...readHeader(['建设工程经济'])];
    const r = parseRow(h, [...cellsOf({ employer: '' }), '88'], 2);
    if (!r.ok) throw new Error('expected a good row');
    const { idNumber: _, ...facts } = r.value;
    expect(outcome(r.value, { ...facts, status: 'verifying' })).toStrictEqual({ kind: 'unchanged' });
  });
});

describe('outcomeError', () => {
  it('R5: a duplicate is an error of the ID number naming the earlier row', () => {
    expect(outcomeError({ kind: 'duplicate', earlierRow: 3 }, 9)).toStrictEqual({
      row: 9,
      field: 'idNumber',
      message: '身份证号与第 3 行重复，本行未导入',
    });
  });

  it('R5: a refusal is an error of the whole row with its message', () => {
    expect(outcomeError({ kind: 'refused', message: '该考生已不在资格核查中' }, 12)).toStrictEqual({
      row: 12,
      field: 'row',
      message: '该考生已不在资格核查中',
    });
  });

  it('R5: new, unchanged, updated and again are no errors', () => {
    const fine: RowOutcome[] = [
      { kind: 'new' },
      { kind: 'unchanged' },
      { kind: 'update', changed: ['phone'] },
      { kind: 'again', as: 'new' },
      { kind: 'again', as: 'update' },
    ];
    for (const o of fine) expect(outcomeError(o, 2)).toBeNull();
  });

  it('R5: the refusal of rowOutcome reads as the row’s error', () => {
    const o = outcome(row({ city: '4105' }), onFile({ status: 'pending' }));
    expect(outcomeError(o, 5)).toStrictEqual({
      row: 5,
      field: 'row',
      message: '该考生已不在资格核查中，名单中的变更未导入，请联系核查部门',
    });
  });
});
