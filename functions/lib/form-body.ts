/**
 * A browser form's body, as a page without JavaScript posts it: `multipart/form-data` (with a file) or
 * `application/x-www-form-urlencoded`, read by busboy with limits on every part; or JSON from a script.
 * Fields come out as strings, the one file as its bytes (read up to one byte past the limit, so the
 * caller can name the limit rather than take a cut-off file).
 */
import busboy from 'busboy';
import { DomainError } from '../domain/errors.js';

export type BodyKind = 'json' | 'form';

export interface FormFile {
  field: string;
  filename: string;
  bytes: Buffer;
  /** more than `maxFileBytes` were sent */
  truncated: boolean;
}

export interface ParsedBody {
  kind: BodyKind;
  fields: Record<string, unknown>;
  file?: FormFile;
}

const mediaType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Whether a content type is one a form without JavaScript posts (so the answer is a page, not JSON). */
export const isFormPost = (contentType: string | undefined): boolean =>
  ['multipart/form-data', 'application/x-www-form-urlencoded'].includes(mediaType(contentType));

const invalid = (message: string) =>
  new DomainError('VALIDATION', message, { fields: [{ field: 'body', message }] });

/** The body as fields (and a file), by its content type; any other type is a 415. */
export async function readBody(
  bytes: Buffer,
  contentType: string | undefined,
  opts: { maxFileBytes: number; fileField: string },
): Promise<ParsedBody> {
  const type = mediaType(contentType);
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = bytes.length ? JSON.parse(bytes.toString('utf8')) : {};
    } catch {
      throw invalid('请求内容不是有效的 JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid('请求内容应为 JSON 对象');
    return { kind: 'json', fields: value as Record<string, unknown> };
  }
  if (!isFormPost(contentType))
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      '请求类型应为 application/json、multipart/form-data 或 application/x-www-form-urlencoded',
    );
  return readForm(bytes, contentType as string, opts);
}

function readForm(
  bytes: Buffer,
  contentType: string,
  opts: { maxFileBytes: number; fileField: string },
): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    let bb: ReturnType<typeof busboy>;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { fields: 20, fieldSize: 16 * 1024, files: 1, fileSize: opts.maxFileBytes + 1, parts: 24 },
      });
    } catch {
      reject(invalid('表单内容无法读取'));
      return;
    }
    const fields: Record<string, unknown> = {};
    let file: FormFile | undefined;
    const pending: Promise<void>[] = [];
    bb.on('field', (name, value) => {
      // a name sent twice keeps its first value (a form has one of each)
      if (!(name in fields)) fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done, fail) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            const body = Buffer.concat(chunks);
            // a file input left empty is sent as a part with no name and no bytes: no file
            if (name === opts.fileField && !file && (info.filename || body.length))
              file = {
                field: name,
                filename: info.filename ?? '',
                bytes: body,
                truncated: (stream as { truncated?: boolean }).truncated === true,
              };
            done();
          });
        }),
      );
    });
    bb.on('error', () => reject(invalid('表单内容无法读取')));
    bb.on('close', () => {
      Promise.all(pending).then(
        () => resolve({ kind: 'form', fields, ...(file ? { file } : {}) }),
        () => reject(invalid('表单内容无法读取')),
      );
    });
    bb.end(bytes);
  });
}
