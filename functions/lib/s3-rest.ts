/**
 * The S3 REST calls the files store makes (functions/lib/file-store.ts `s3Store`), on the signed HTTP
 * of functions/lib/aws-rest.ts instead of the SDK's S3 client (issue 14 §7). Virtual-hosted addresses
 * (`https://<bucket>.s3.<region>.amazonaws.com[.cn]/<key>`: the stack's bucket names have no dots);
 * listings asked with `encoding-type=url`, so a key in the XML answer is URL-encoded text and nothing
 * in it needs XML unescaping; the XML bodies sent (DeleteObjects, PutObjectTagging) carry Content-MD5,
 * which S3 requires of them.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { AwsError, type AwsRest, type AwsRestOptions, awsDomain, awsRest } from './aws-rest.js';

export interface S3Object {
  status: number;
  headers: Headers;
  body: Readable;
}

const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text of each `<tag>…</tag>` in an S3 XML answer. */
export const xmlValues = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] as string);

const md5 = (body: string) => createHash('md5').update(body).digest('base64');

async function failure(res: Response, what: string): Promise<AwsError> {
  const text = await res.text().catch(() => '');
  const code = xmlValues(text, 'Code')[0] ?? (res.status === 404 ? 'NotFound' : `Http${res.status}`);
  return new AwsError(code, res.status, `S3 ${what}: ${res.status} ${code}`);
}

export interface S3Rest {
  /** GET an object (bytes `range`, e.g. `bytes=10-`); undefined if there is none (404) */
  get(key: string, range?: string): Promise<S3Object | undefined>;
  /** its size, or undefined if there is none */
  head(key: string): Promise<number | undefined>;
  put(key: string, body: Uint8Array, contentType?: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** every key under a prefix (ListObjectsV2, page by page) */
  list(prefix: string): Promise<string[]>;
  /** DeleteObjects, up to 1,000 keys */
  deleteMany(keys: readonly string[]): Promise<void>;
  /** PutObjectTagging: replaces the object's tags */
  tag(key: string, tags: Record<string, string>): Promise<void>;
  /** a presigned URL for `seconds`: `headers` are signed (the caller must send them), `query` added */
  presign(
    method: 'GET' | 'PUT',
    key: string,
    seconds: number,
    o?: { headers?: Record<string, string>; query?: Record<string, string> },
  ): Promise<string>;
}

export function s3Rest(bucket: string, o: AwsRestOptions & { aws?: AwsRest } = {}): S3Rest {
  const aws = o.aws ?? awsRest('s3', o);
  const origin = `https://${bucket}.s3.${aws.region}.${awsDomain(aws.region)}`;
  const url = (key: string, query: Record<string, string> = {}) => {
    const u = new URL(`${origin}/${key.split('/').map(encodeURIComponent).join('/')}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  };
  const xmlCall = async (method: string, target: string, body: string, what: string) => {
    const res = await aws.send({
      method,
      url: target,
      headers: { 'Content-Type': 'application/xml', 'Content-MD5': md5(body) },
      body,
    });
    if (!res.ok) throw await failure(res, what);
    return res;
  };
  return {
    async get(key, range) {
      const res = await aws.send({
        method: 'GET',
        url: url(key),
        ...(range ? { headers: { Range: range } } : {}),
      });
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) throw await failure(res, `GetObject ${key}`);
      const body = res.body ? Readable.fromWeb(res.body as WebReadable<Uint8Array>) : Readable.from([]);
      return { status: res.status, headers: res.headers, body };
    },
    async head(key) {
      const res = await aws.send({ method: 'HEAD', url: url(key) });
      await res.body?.cancel();
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, `HeadObject ${key}`);
      return Number(res.headers.get('content-length') ?? 0);
    },
    async put(key, body, contentType) {
      const res = await aws.send({
        method: 'PUT',
        url: url(key),
        headers: contentType ? { 'Content-Type': contentType } : {},
        body,
      });
      if (!res.ok) throw await failure(res, `PutObject ${key}`);
      await res.body?.cancel();
    },
    async delete(key) {
      const res = await aws.send({ method: 'DELETE', url: url(key) });
      if (!res.ok && res.status !== 404) throw await failure(res, `DeleteObject ${key}`);
      await res.body?.cancel();
    },
    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const query: Record<string, string> = { 'list-type': '2', prefix, 'encoding-type': 'url' };
        if (token) query['continuation-token'] = token;
        const res = await aws.send({ method: 'GET', url: url('', query) });
        if (!res.ok) throw await failure(res, `ListObjectsV2 ${prefix}`);
        const xml = await res.text();
        for (const k of xmlValues(xml, 'Key')) keys.push(decodeURIComponent(k.replace(/\+/g, ' ')));
        token =
          xmlValues(xml, 'IsTruncated')[0] === 'true'
            ? xmlValues(xml, 'NextContinuationToken')[0]
            : undefined;
      } while (token);
      return keys;
    },
    async deleteMany(keys) {
      if (!keys.length) return;
      if (keys.length > 1000) throw new Error('DeleteObjects takes at most 1,000 keys');
      const body = `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>${keys.map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`).join('')}</Delete>`;
      const res = await xmlCall('POST', url('', { delete: '' }), body, 'DeleteObjects');
      // quiet: the answer lists only the keys that could not be deleted
      const failed = xmlValues(await res.text(), 'Code');
      if (failed.length)
        throw new AwsError(failed[0] as string, 200, `S3 DeleteObjects: ${failed.length} not deleted`);
    },
    async tag(key, tags) {
      const body = `<?xml version="1.0" encoding="UTF-8"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>${Object.entries(
        tags,
      )
        .map(([k, v]) => `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></Tag>`)
        .join('')}</TagSet></Tagging>`;
      await (await xmlCall('PUT', url(key, { tagging: '' }), body, `PutObjectTagging ${key}`)).body?.cancel();
    },
    presign(method, key, seconds, p = {}) {
      return aws.presign(
        { method, url: url(key, p.query), ...(p.headers ? { headers: p.headers } : {}) },
        seconds,
      );
    },
  };
}
