/**
 * Where uploaded files and what jobs make of them live, behind one interface: on AWS an S3 bucket
 * (FILES_BUCKET, KMS-encrypted, private), locally a folder under the data directory (LOCAL_FILES_DIR).
 * Reads are streams that may start at a byte offset, so a job reads a 35 MB list a chunk at a time with
 * flat memory and resumes where its last step stopped.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { REMOVAL_TAG } from './retention.js';
import { type S3Rest, s3Rest } from './s3-rest.js';

export interface FileStore {
  /** Write a whole file (replacing it). */
  put(key: string, body: Buffer | Readable, contentType?: string): Promise<void>;
  /** Read a file from byte `start` on; undefined if there is none. */
  read(key: string, start?: number): Promise<Readable | undefined>;
  /**
   * Read bytes `start` up to (not including) `end` of a file (random access: a ZIP's directory and
   * entries, functions/lib/zip-reader.ts); undefined if there is none.
   */
  readRange(key: string, start: number, end: number): Promise<Readable | undefined>;
  /** A file's size in bytes, or undefined if there is none. */
  size(key: string): Promise<number | undefined>;
  /** The keys under a prefix, in order. */
  list(prefix: string): Promise<string[]>;
  /** Remove one file (nothing if there is none). */
  remove(key: string): Promise<void>;
  /** Remove every file under a prefix. */
  removeAll(prefix: string): Promise<void>;
  /**
   * A URL to PUT one file to, with this content type, for `seconds`: a presigned S3 PUT on AWS; locally
   * a path of the local server (`/api/uploads/<token>`), which takes the same PUT.
   */
  uploadUrl(key: string, contentType: string, seconds: number): Promise<string>;
  /**
   * A URL to GET one file from for `seconds`, answered with this content type and disposition: a
   * presigned S3 GET on AWS, for files too large for a Lambda answer (6 MB, base64: see INLINE_MAX).
   * Locally there is none: the local server answers any size itself.
   */
  downloadUrl?(
    key: string,
    headers: { contentType: string; disposition: string },
    seconds: number,
  ): Promise<string>;
  /**
   * N4: hand objects to the bucket's removal rule (the REMOVAL_TAG, functions/lib/retention.ts); the
   * local folder has no lifecycle rules, so there they are removed at once
   */
  markForRemoval(keys: readonly string[]): Promise<void>;
}

/**
 * The largest file answered inside a Lambda response: the answer is at most 6 MB and bytes go base64
 * (4/3 larger), so about 4.4 MB; 4 MB leaves room for the headers. Larger files are a presigned GET.
 */
export const INLINE_MAX = 4 * 1024 * 1024;

/** How long a presigned download URL lasts: long enough to follow the redirect, no longer. */
export const DOWNLOAD_URL_SECONDS = 60;

/** The local server's upload path: PUT here (scripts/local/server.ts). */
export const LOCAL_UPLOAD_PATH = '/api/uploads/';

const uploadSecret = () => {
  const key = process.env.PERSON_ID_KEY;
  if (!key) throw new Error('PERSON_ID_KEY is not set');
  return createHmac('sha256', key).update('local-upload/v1').digest();
};

/** A local upload token: the key, the content type and the expiry, signed (HMAC) by this server. */
export function uploadToken(key: string, contentType: string, expiresAt: number): string {
  const body = Buffer.from(JSON.stringify({ k: key, t: contentType, e: expiresAt })).toString('base64url');
  return `${body}.${createHmac('sha256', uploadSecret()).update(body).digest('base64url')}`;
}

/** What a local upload token allows, if this server signed it and it has not expired. */
export function readUploadToken(token: string, now: number): { key: string; contentType: string } | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const want = createHmac('sha256', uploadSecret()).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
  try {
    const v = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      k?: unknown;
      t?: unknown;
      e?: unknown;
    };
    if (typeof v.k !== 'string' || typeof v.t !== 'string' || typeof v.e !== 'number' || v.e <= now)
      return null;
    return { key: v.k, contentType: v.t };
  } catch {
    return null;
  }
}

const safeKey = (key: string) => {
  const n = normalize(key);
  if (n.startsWith('..') || n.startsWith(sep) || n.includes(`..${sep}`))
    throw new Error(`bad file key ${key}`);
  return n;
};

/** Local mode: a folder. Writes go to a temporary file renamed into place, so a reader never sees half. */
export function folderStore(root: string): FileStore {
  const path = (key: string) => join(root, safeKey(key));
  return {
    async put(key, body) {
      const file = path(key);
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(tmp));
      await rename(tmp, file);
    },
    async read(key, start = 0) {
      const file = path(key);
      if ((await stat(file).catch(() => undefined)) === undefined) return undefined;
      return createReadStream(file, { start });
    },
    async readRange(key, start, end) {
      const file = path(key);
      if ((await stat(file).catch(() => undefined)) === undefined) return undefined;
      if (end <= start) return Readable.from([]);
      return createReadStream(file, { start, end: end - 1 }); // fs counts `end` in
    },
    async size(key) {
      return (await stat(path(key)).catch(() => undefined))?.size;
    },
    async list(prefix) {
      const dir = path(prefix);
      const names = await readdir(dir).catch(() => [] as string[]);
      return names
        .filter((n) => !n.endsWith('.tmp'))
        .sort()
        .map((n) => `${prefix.replace(/\/$/, '')}/${n}`);
    },
    async remove(key) {
      await rm(path(key), { force: true });
    },
    async removeAll(prefix) {
      await rm(path(prefix), { recursive: true, force: true });
    },
    async uploadUrl(key, contentType, seconds) {
      safeKey(key);
      return `${LOCAL_UPLOAD_PATH}${uploadToken(key, contentType, Date.now() + seconds * 1000)}`;
    },
    async markForRemoval(keys) {
      for (const key of keys) await rm(path(key), { force: true });
    },
  };
}

/**
 * How a worker writes a stream of unknown length (a converted list, a report's spreadsheet) to S3 in
 * parts (functions/lib/s3-uploads.ts, the SDK's multipart Upload); without one a stream is gathered in
 * memory and PUT whole, which the request path's small files (a seal, an attachment, a batch's rows) are.
 */
export type StreamUpload = (
  bucket: string,
  key: string,
  body: Readable,
  contentType?: string,
) => Promise<void>;

let streamUpload: StreamUpload | null = null;

/** A worker's multipart uploads for streams (see StreamUpload); null: gathered and PUT whole. */
export function useStreamUploads(upload: StreamUpload | null): void {
  streamUpload = upload;
}

/** AWS: the files bucket (encryption and access are the bucket's: infra), over S3's REST API (s3-rest.ts). */
export function s3Store(bucket: string, s3: S3Rest = s3Rest(bucket)): FileStore {
  const emptyIfBadRange = async (p: Promise<{ body: Readable } | undefined>) => {
    try {
      return (await p)?.body;
    } catch (e) {
      if ((e as Error).name === 'InvalidRange') return Readable.from([]);
      throw e;
    }
  };
  return {
    async put(key, body, contentType) {
      if (!Buffer.isBuffer(body) && streamUpload) return streamUpload(bucket, key, body, contentType);
      await s3.put(key, Buffer.isBuffer(body) ? body : Buffer.concat(await body.toArray()), contentType);
    },
    read(key, start = 0) {
      return emptyIfBadRange(s3.get(key, start ? `bytes=${start}-` : undefined));
    },
    async readRange(key, start, end) {
      if (end <= start) return Readable.from([]);
      return emptyIfBadRange(s3.get(key, `bytes=${start}-${end - 1}`));
    },
    size(key) {
      return s3.head(key);
    },
    async list(prefix) {
      return (await s3.list(`${prefix.replace(/\/$/, '')}/`)).sort();
    },
    remove(key) {
      return s3.delete(key);
    },
    async removeAll(prefix) {
      // a thousand keys a request (a notice's lookup fragments at 200,000 candidates are ~100,000 files)
      const all = await this.list(prefix);
      for (let i = 0; i < all.length; i += 1000) await s3.deleteMany(all.slice(i, i + 1000));
    },
    uploadUrl(key, contentType, seconds) {
      // the content type is signed: the PUT must send the same one
      return s3.presign('PUT', key, seconds, { headers: { 'Content-Type': contentType } });
    },
    downloadUrl(key, headers, seconds) {
      return s3.presign('GET', key, seconds, {
        query: {
          'response-content-type': headers.contentType,
          'response-content-disposition': headers.disposition,
          'response-cache-control': 'no-store',
        },
      });
    },
    async markForRemoval(keys) {
      for (const key of keys) await s3.tag(key, { [REMOVAL_TAG.key]: REMOVAL_TAG.value });
    },
  };
}

let current: FileStore | null = null;

/** The store: set by the local server, else the bucket named by FILES_BUCKET. */
export function fileStore(): FileStore {
  if (current) return current;
  const bucket = process.env.FILES_BUCKET;
  const dir = process.env.LOCAL_FILES_DIR;
  if (bucket) current = s3Store(bucket);
  else if (dir) current = folderStore(dir);
  else throw new Error('neither FILES_BUCKET nor LOCAL_FILES_DIR is set');
  return current;
}

export function setFileStore(s: FileStore | null): void {
  current = s;
}
