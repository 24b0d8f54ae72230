import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  baseName,
  checkFileContent,
  checkFileName,
  checkZipDirectory,
  checkZipEntry,
  checkZipSize,
  fileError,
  isFolder,
  MATERIAL_CHUNK_ENTRIES,
  MATERIAL_ID,
  MAX_MATERIAL_BYTES,
  MAX_NUMBER_GUESSES,
  MAX_ZIP_BYTES,
  MAX_ZIP_ENTRIES,
  MAX_ZIP_UNCOMPRESSED_BYTES,
  type Material,
  materialFileKey,
  materialIdOf,
  materialOutcome,
  materialView,
  numberGuesses,
  ownerOf,
  zipFailure,
} from '../../functions/domain/materials.js';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};
const PDF = new TextEncoder().encode('%PDF-1.4\n');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
const MB = 1024 * 1024;

describe('the limits of a materials ZIP', () => {
  it('R5: a ZIP up to 1 GB, 20,000 entries, 4 GB declared uncompressed; a file up to 20 MB; 50 entries a step', () => {
    expect(MAX_ZIP_BYTES).toBe(1024 * MB);
    expect(MAX_ZIP_ENTRIES).toBe(20_000);
    expect(MAX_ZIP_UNCOMPRESSED_BYTES).toBe(4 * 1024 * MB);
    expect(MAX_MATERIAL_BYTES).toBe(20 * MB);
    expect(MATERIAL_CHUNK_ENTRIES).toBe(50);
    expect(MAX_NUMBER_GUESSES).toBe(5);
  });

  it('R5: an empty ZIP is refused naming the body; one over 1 GB is a 413; 1 GB itself is taken', () => {
    const empty = refusal(() => checkZipSize(0));
    expect([empty.code, empty.message, empty.details?.fields]).toEqual([
      'VALIDATION',
      '文件是空的',
      [{ field: 'body', message: '文件是空的' }],
    ]);
    const big = refusal(() => checkZipSize(MAX_ZIP_BYTES + 1));
    expect(big.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.message).toContain('1024 MB');
    expect(big.details?.fields?.[0]?.field).toBe('body');
    expect(() => checkZipSize(MAX_ZIP_BYTES)).not.toThrow();
    expect(() => checkZipSize(1)).not.toThrow();
  });

  it('R5: more entries than the limit, or more declared than the zip-bomb limit, refuses the whole ZIP', () => {
    expect(() => checkZipDirectory({ entries: MAX_ZIP_ENTRIES, declaredBytes: 0 })).not.toThrow();
    const many = refusal(() => checkZipDirectory({ entries: MAX_ZIP_ENTRIES + 1, declaredBytes: 0 }));
    expect(many.code).toBe('VALIDATION');
    expect(many.message).toContain(`${MAX_ZIP_ENTRIES + 1}`);
    expect(many.message).toContain('未导入任何材料');
    expect(() => checkZipDirectory({ entries: 1, declaredBytes: MAX_ZIP_UNCOMPRESSED_BYTES })).not.toThrow();
    const bomb = refusal(() =>
      checkZipDirectory({ entries: 1, declaredBytes: MAX_ZIP_UNCOMPRESSED_BYTES + 1 }),
    );
    expect(bomb.message).toContain('解压后');
    expect(bomb.details?.fields?.[0]).toEqual({ field: 'body', message: bomb.message });
  });

  it('R5: an encrypted entry refuses the whole ZIP, naming it; an open one passes', () => {
    expect(() => checkZipEntry({ name: 'A1-x.pdf', encrypted: false })).not.toThrow();
    const e = refusal(() => checkZipEntry({ name: 'A1-x.pdf', encrypted: true }));
    expect(e.message).toContain('“A1-x.pdf”已加密');
  });
});

describe('the ZIP reader refusals, in words', () => {
  it('R5: a name climbing out of the folder, an absolute path, bad characters: the name is given, nothing imported', () => {
    const up = zipFailure('invalid relative path: ../evil.pdf');
    expect(up.code).toBe('VALIDATION');
    expect(up.message).toContain('“../evil.pdf”');
    expect(up.message).toContain('上级目录');
    expect(up.message).toContain('整个压缩包未导入');
    expect(up.details?.fields).toEqual([{ field: 'body', message: up.message }]);
    const abs = zipFailure('absolute path: /etc/x.pdf');
    expect(abs.message).toContain('“/etc/x.pdf”是绝对路径');
    expect(zipFailure('invalid characters in fileName: a\\b.pdf').message).toContain(
      '“a\\b.pdf”含有不允许的字符',
    );
  });

  it('R5: encryption, a file that is no ZIP, and anything else broken each have their own reason', () => {
    expect(zipFailure('strong encryption is not supported').message).toContain('加密');
    expect(
      zipFailure(
        'End of central directory record signature not found. Either not a zip file, or file is truncated.',
      ).message,
    ).toBe('文件不是有效的 ZIP 压缩包；未导入任何材料');
    expect(zipFailure('end of central directory record signature not found').message).toBe(
      '文件不是有效的 ZIP 压缩包；未导入任何材料',
    );
    expect(zipFailure('x end of central directory record signature not found').message).toBe(
      '压缩包已损坏，无法读取；未导入任何材料',
    );
    expect(zipFailure('invalid central directory file header signature: 0x0').message).toBe(
      '压缩包已损坏，无法读取；未导入任何材料',
    );
    // only the leading words decide: a name that merely holds them is no such refusal
    expect(zipFailure('x absolute path: y').message).toBe('压缩包已损坏，无法读取；未导入任何材料');
    expect(zipFailure('x invalid relative path: y').message).toBe('压缩包已损坏，无法读取；未导入任何材料');
  });
});

describe('file names', () => {
  it('R5: the base name is what follows the last slash; a name ending with a slash is a folder', () => {
    expect(baseName('a/b/ZJ1001-学历.pdf')).toBe('ZJ1001-学历.pdf');
    expect(baseName('ZJ1001-学历.pdf')).toBe('ZJ1001-学历.pdf');
    expect(isFolder('a/')).toBe(true);
    expect(isFolder('a/b.pdf')).toBe(false);
  });

  it('R5: the numbers a name may start with: every prefix before a hyphen of a number’s form, shortest first', () => {
    expect(numberGuesses('ZJ20261001-学历证书.pdf')).toEqual(['ZJ20261001']);
    expect(numberGuesses('ZJS2-0001-学历证书.pdf')).toEqual(['ZJS2', 'ZJS2-0001']);
    expect(numberGuesses('ZJS2-0001-a-b.PNG')).toEqual(['ZJS2', 'ZJS2-0001', 'ZJS2-0001-a']);
    expect(numberGuesses('T100001-x.jpeg')).toEqual(['T100001']);
    expect(numberGuesses('T100001-x.JPG')).toEqual(['T100001']);
  });

  it('R5: no number, a short or long one, nothing after the hyphen, or another ending: no guesses', () => {
    expect(numberGuesses('学历证书.pdf')).toEqual([]);
    expect(numberGuesses('-学历证书.pdf')).toEqual([]);
    expect(numberGuesses('ZJ1-学历.pdf')).toEqual([]); // 3 characters
    expect(numberGuesses(`${'A'.repeat(31)}-x.pdf`)).toEqual([]);
    expect(numberGuesses(`${'A'.repeat(30)}-x.pdf`)).toEqual(['A'.repeat(30)]);
    expect(numberGuesses('ZJ1001-.pdf')).toEqual([]);
    expect(numberGuesses('ZJ1001-x.docx')).toEqual([]);
    expect(numberGuesses('ZJ1001-x.pdf.exe')).toEqual([]);
    expect(numberGuesses('ZJ1001-x')).toEqual([]);
    expect(numberGuesses('ZJ 1001-x.pdf')).toEqual([]);
  });

  it('R5: at most five numbers are tried for one name', () => {
    expect(numberGuesses('AAAA-B-C-D-E-F-G-H.pdf')).toEqual([
      'AAAA',
      'AAAA-B',
      'AAAA-B-C',
      'AAAA-B-C-D',
      'AAAA-B-C-D-E',
    ]);
  });
});

describe('a file of the ZIP', () => {
  it('R5: a well-named file within the size gives the numbers to look up', () => {
    expect(checkFileName('dir/ZJS2-0001-学历证书.pdf', 1000)).toEqual({
      ok: true,
      numbers: ['ZJS2', 'ZJS2-0001'],
    });
    expect(checkFileName('ZJ1001-x.pdf', MAX_MATERIAL_BYTES)).toEqual({ ok: true, numbers: ['ZJ1001'] });
    expect(checkFileName('ZJ1001-x.pdf', 1)).toEqual({ ok: true, numbers: ['ZJ1001'] });
  });

  it('R5: a name that does not start with a number, an empty file, one over 20 MB: refused with the reason', () => {
    expect(checkFileName('学历证书.pdf', 10)).toEqual({
      ok: false,
      message: '文件名应以准考证号开头、以 .pdf、.jpg 或 .png 结尾，如 ZJS2-0001-学历证书.pdf',
    });
    expect(checkFileName('ZJ1001-x.pdf', 0)).toEqual({ ok: false, message: '文件是空的' });
    expect(checkFileName('ZJ1001-x.pdf', MAX_MATERIAL_BYTES + 1)).toEqual({
      ok: false,
      message: '文件超过 20 MB',
    });
  });

  it('R5: the content decides the type; it must be the one the ending says', () => {
    expect(checkFileContent('a/ZJ1001-x.pdf', PDF)).toEqual({ ok: true, type: 'pdf' });
    expect(checkFileContent('ZJ1001-x.png', PNG)).toEqual({ ok: true, type: 'png' });
    expect(checkFileContent('ZJ1001-x.jpeg', JPG)).toEqual({ ok: true, type: 'jpg' });
    expect(checkFileContent('ZJ1001-x.pdf', new TextEncoder().encode('just text'))).toEqual({
      ok: false,
      message: '文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）',
    });
    expect(checkFileContent('ZJ1001-x.pdf', PNG)).toEqual({
      ok: false,
      message: '文件内容是 PNG，与扩展名不符',
    });
    // the ending is the base name's, not a folder's
    expect(checkFileContent('x.png/ZJ1001-x.pdf', PNG)).toEqual({
      ok: false,
      message: '文件内容是 PNG，与扩展名不符',
    });
  });
});

describe('whose file it is', () => {
  it('R5: exactly one candidate, found by one number or by several that agree: theirs', () => {
    expect(ownerOf([{ number: 'ZJ1001', personIds: ['p1'] }])).toEqual({ personId: 'p1' });
    expect(
      ownerOf([
        { number: 'ZJS2', personIds: [] },
        { number: 'ZJS2-0001', personIds: ['p1'] },
      ]),
    ).toEqual({ personId: 'p1' });
    expect(
      ownerOf([
        { number: 'A', personIds: ['p1'] },
        { number: 'B', personIds: ['p1'] },
      ]),
    ).toEqual({ personId: 'p1' });
  });

  it('R5: nobody: the number is named as not on the exam’s list (each number tried, if several)', () => {
    expect(ownerOf([{ number: 'ZJ9999', personIds: [] }])).toEqual({
      message: '准考证号 ZJ9999 不在本考试的名单中',
    });
    expect(
      ownerOf([
        { number: 'ZJS2', personIds: [] },
        { number: 'ZJS2-0001', personIds: [] },
      ]),
    ).toEqual({ message: '准考证号 ZJS2、ZJS2-0001 均不在本考试的名单中' });
  });

  it('R5: more than one candidate: ambiguous, attached to nobody, the numbers that found them named', () => {
    expect(ownerOf([{ number: 'ZJ1001', personIds: ['p1', 'p2'] }])).toEqual({
      message: '准考证号 ZJ1001 对应本考试的 2 名考生，无法确定归属，未导入',
    });
    expect(
      ownerOf([
        { number: 'A', personIds: ['p1'] },
        { number: 'A-1', personIds: [] },
        { number: 'A-1-2', personIds: ['p2'] },
      ]),
    ).toEqual({ message: '准考证号 A、A-1-2 对应本考试的 2 名考生，无法确定归属，未导入' });
  });
});

describe('the material record', () => {
  const m: Material = {
    materialId: materialIdOf('abcdefghij123456789', 0),
    examId: 'ZJS2-2026',
    personId: 'p'.repeat(20),
    name: 'ZJ1001-学历.pdf',
    type: 'pdf',
    bytes: 123,
    sha256: 'f'.repeat(64),
    source: 'handover',
    importId: 'abcdefghij123456789',
    entry: 1,
    addedAt: '2026-05-01T00:00:00.000Z',
  };

  it('R5: its id comes from the import and the entry’s position (1-based), so a step run twice makes the same one', () => {
    expect(materialIdOf('abcdefghij123456789', 0)).toBe('abcdefghij123456789-1');
    expect(materialIdOf('abcdefghij123456789', 41)).toBe('abcdefghij123456789-42');
    expect(MATERIAL_ID.test('abcdefghij123456789-42')).toBe(true);
    expect(MATERIAL_ID.test('abcdefghij123456789-')).toBe(false);
    expect(MATERIAL_ID.test('abcdefghij12345678-1')).toBe(false);
    expect(MATERIAL_ID.test('xabcdefghij123456789-1')).toBe(false);
    expect(MATERIAL_ID.test('abcdefghij123456789-1x')).toBe(false);
  });

  it('R5: its file is kept under materials/{examId}/{personId}/{materialId}.{ext}', () => {
    expect(materialFileKey(m)).toBe(`materials/ZJS2-2026/${'p'.repeat(20)}/abcdefghij123456789-1.pdf`);
  });

  it('R5: the same entry again is counted as before; the same content already attached is unchanged; else new', () => {
    expect(materialOutcome(m.materialId, 'a', [m])).toEqual({ kind: 'again' });
    expect(materialOutcome('other-2', m.sha256, [{ materialId: 'x-1', sha256: 'b' }, m])).toEqual({
      kind: 'unchanged',
      materialId: m.materialId,
    });
    expect(materialOutcome('other-2', 'c', [m])).toEqual({ kind: 'new' });
    expect(materialOutcome('other-2', 'c', [])).toEqual({ kind: 'new' });
  });

  it('R5: a refused file is reported by its position in the ZIP (1-based), the field "file", its name and why', () => {
    expect(fileError(0, 'a/ZJ9999-x.pdf', '准考证号 ZJ9999 不在本考试的名单中')).toEqual({
      row: 1,
      field: 'file',
      message: 'ZJ9999-x.pdf：准考证号 ZJ9999 不在本考试的名单中',
    });
  });

  it('R5, N4: the view gives name, type, size, source, date and scan state — never the storage key, hash or person', () => {
    expect(materialView(m)).toStrictEqual({
      materialId: m.materialId,
      name: m.name,
      type: 'pdf',
      mime: 'application/pdf',
      bytes: 123,
      source: 'handover',
      addedAt: m.addedAt,
      scan: 'clean',
    });
  });
});
