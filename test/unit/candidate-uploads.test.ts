/** R23: the limits and checks of a candidate's own uploads (functions/domain/materials.ts). */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  checkArrival,
  checkUploadCount,
  MATERIAL_ID,
  MAX_UPLOAD_BYTES,
  MAX_UPLOADS,
  materialFileKey,
  uploadInputSchema,
  uploadKeyOf,
  uploadLimitsText,
  uploadMaterialId,
} from '../../functions/domain/materials.js';

const PDF = Buffer.from('%PDF-1.4\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

describe('R23 upload input', () => {
  const ok = { contentType: 'application/pdf', name: '学历证书.pdf', bytes: 1 };
  it('R23: takes PDF, JPEG and PNG up to 10 MB, with a name', () => {
    for (const contentType of ['application/pdf', 'image/jpeg', 'image/png'])
      expect(uploadInputSchema.safeParse({ ...ok, contentType }).success).toBe(true);
    expect(uploadInputSchema.parse({ ...ok, name: '  a.pdf ', bytes: MAX_UPLOAD_BYTES }).name).toBe('a.pdf');
    expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
    expect(MAX_UPLOADS).toBe(10);
    expect(uploadLimitsText).toBe('PDF、JPG 或 PNG，每个不超过 10 MB，最多 10 个');
  });
  it.each([
    [{ contentType: 'application/zip' }, 'contentType', '文件类型应为'],
    [{ bytes: 0 }, 'bytes', '文件是空的'],
    [{ bytes: MAX_UPLOAD_BYTES + 1 }, 'bytes', '超过 10 MB'],
    [{ bytes: 1.5 }, 'bytes', '整数'],
    [{ bytes: '1' }, 'bytes', '文件大小'],
    [{ name: ' ' }, 'name', '文件名不能为空'],
    [{ name: 'a'.repeat(201) }, 'name', '不能超过200字'],
    [{ name: 3 }, 'name', '请提供文件名'],
    [{ extra: 1 }, '', ''],
  ])('R23: refuses %j naming %s', (patch, field, message) => {
    const r = uploadInputSchema.safeParse({ ...ok, ...patch });
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    if (field) expect(issue?.path).toEqual([field]);
    expect(issue?.message).toContain(message);
  });
});

describe('R23 upload count', () => {
  it('R23: the 10th is taken, the 11th refused naming the field', () => {
    expect(() => checkUploadCount(MAX_UPLOADS - 1)).not.toThrow();
    try {
      checkUploadCount(MAX_UPLOADS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION');
      expect((e as DomainError).message).toBe('每场考试最多上传 10 个文件，已上传 10 个；可以选择已有的材料');
      expect((e as DomainError).details).toEqual({
        fields: [{ field: 'name', message: '每场考试最多上传 10 个文件，已上传 10 个；可以选择已有的材料' }],
      });
    }
  });
});

describe('R23 upload keys', () => {
  it('R23: an upload id is marked -u and is a material id; its key is parsed back', () => {
    const id = uploadMaterialId('0000000000abcdefghj');
    expect(id).toBe('0000000000abcdefghj-u');
    expect(MATERIAL_ID.test(id)).toBe(true);
    expect(MATERIAL_ID.test('0000000000abcdefghj-12')).toBe(true);
    expect(MATERIAL_ID.test('0000000000abcdefghj-x')).toBe(false);
    const key = materialFileKey({
      examId: 'JZS2-2024',
      personId: 'abcdefghjkmnpqrstuvw',
      materialId: id,
      type: 'png',
    });
    expect(uploadKeyOf(key)).toEqual({
      examId: 'JZS2-2024',
      personId: 'abcdefghjkmnpqrstuvw',
      materialId: id,
      type: 'png',
    });
  });
  it.each([
    'materials/JZS2-2024/abcdefghjkmnpqrstuvw/0000000000abcdefghj-3.pdf', // a handed-over material
    'imports/0000000000abcdefghj/source.csv',
    'materials/JZS2-2024/abcdefghjkmnpqrstuvw/0000000000abcdefghj-u.exe',
    'x/materials/JZS2-2024/abcdefghjkmnpqrstuvw/0000000000abcdefghj-u.pdf',
    'materials/JZS2-2024/abcdefghjkmnpqrstuvw/0000000000abcdefghj-u.pdf.tmp',
  ])('R23: %s is no candidate upload', (key) => {
    expect(uploadKeyOf(key)).toBeNull();
  });
});

describe('R23 arrival', () => {
  it('R23: a file of the announced type within the limits is taken', () => {
    expect(checkArrival('pdf', PDF.length, PDF)).toEqual({ ok: true });
    expect(checkArrival('png', MAX_UPLOAD_BYTES, PNG)).toEqual({ ok: true });
    expect(checkArrival('jpg', 4, JPG)).toEqual({ ok: true });
  });
  it('R23: empty, oversize, disguised or another type than announced: refused with why', () => {
    expect(checkArrival('pdf', 0, PDF)).toEqual({ ok: false, message: '文件是空的' });
    expect(checkArrival('pdf', MAX_UPLOAD_BYTES + 1, PDF)).toEqual({ ok: false, message: '文件超过 10 MB' });
    expect(checkArrival('pdf', 8, Buffer.from('MZ\x90\x00\x03\x00\x00\x00'))).toEqual({
      ok: false,
      message: '文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）',
    });
    expect(checkArrival('pdf', 8, PNG)).toEqual({ ok: false, message: '文件内容是 PNG，与所选类型不符' });
  });
});
