/**
 * The files store on S3 (functions/lib/file-store.ts `s3Store`, over functions/lib/s3-rest.ts and
 * aws-rest.ts): each call is the S3 REST request it should be, answers are read as S3 gives them, and
 * signatures are the ones the SDK's own signer (@smithy/signature-v4) makes for the same request. S3 is
 * the edge: a `fetch` stands in for it, with fake credentials.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { AwsError, MAX_ATTEMPTS } from '../../functions/lib/aws-rest.js';
import {
  DOWNLOAD_URL_SECONDS,
  INLINE_MAX,
  s3Store,
  useStreamUploads,
} from '../../functions/lib/file-store.js';
import { s3Rest } from '../../functions/lib/s3-rest.js';
import {
  datetime,
  credentials as edgeCredentials,
  recordingFetch,
  region,
  type Seen,
} from '../support/aws-edge.js';

const credentials = { ...edgeCredentials, sessionToken: 'tok' };

/** S3 stood in for: records each request, answers from `answer` */
function fakeS3(answer: (r: Seen, n: number) => Response | Promise<Response> = () => new Response(null)) {
  const { seen, fetch } = recordingFetch(answer);
  const store = s3Store('files-bucket', s3Rest('files-bucket', { region, credentials, fetch, datetime }));
  return { seen, store, fetch };
}

/** the SDK's signer, as its S3 presigner configures it */
class Sha256 {
  private h;
  constructor(secret?: Uint8Array | ArrayBuffer | ArrayBufferView | string) {
    this.h = secret
      ? createHmac('sha256', typeof secret === 'string' ? secret : new Uint8Array(secret as ArrayBuffer))
      : createHash('sha256');
  }
  update(d: Uint8Array | ArrayBuffer | ArrayBufferView | string) {
    this.h.update(typeof d === 'string' ? d : new Uint8Array(d as ArrayBuffer));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}
const sdkSigner = new SignatureV4({
  service: 's3',
  region,
  credentials,
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});
const signingDate = new Date('2026-12-02T10:15:00Z');
/** what the SDK's presigner makes of a request: the payload unsigned, kept out of the query */
const sdkPresign = (request: Parameters<typeof sdkSigner.presign>[0], expiresIn: number) =>
  sdkSigner.presign(
    { ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    {
      expiresIn,
      signingDate,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    },
  );

describe('the files store on S3', () => {
  it('R23: a presigned GET names the key, its content type and disposition, no-store, lasts a minute, and is signed as the SDK signs it', async () => {
    const { store } = fakeS3();
    const disposition = `attachment; filename="material-x.pdf"; filename*=UTF-8''${encodeURIComponent('证明.pdf')}`;
    const key = 'materials/E1/p/x-u.pdf';
    const url = new URL(
      (await store.downloadUrl?.(
        key,
        { contentType: 'application/pdf', disposition },
        DOWNLOAD_URL_SECONDS,
      )) ?? '',
    );
    expect(url.hostname).toBe('files-bucket.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/materials/E1/p/x-u.pdf');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
    expect(url.searchParams.get('response-cache-control')).toBe('no-store');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('tok');
    const sdk = await sdkPresign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: url.hostname,
        path: url.pathname,
        query: {
          'response-content-type': 'application/pdf',
          'response-content-disposition': disposition,
          'response-cache-control': 'no-store',
        },
        headers: { host: url.hostname },
      },
      60,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toBe(sdk.query?.['X-Amz-Signature']);
    // base64 makes 4 MB about 5.3 MB: inside Lambda's 6 MB answer
    expect(Math.ceil((INLINE_MAX * 4) / 3)).toBeLessThan(6 * 1024 * 1024 - 64 * 1024);
  });

  it('a presigned PUT signs the content type (a PUT with another is refused by S3) and encodes the key as S3 does', async () => {
    const { store } = fakeS3();
    const key = 'imports/I 1/源 文件.csv';
    const url = new URL(await store.uploadUrl(key, 'text/csv', 900));
    expect(url.pathname).toBe(
      `/imports/I%201/${encodeURIComponent('源')}%20${encodeURIComponent('文件')}.csv`,
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const sdk = await sdkPresign(
      {
        method: 'PUT',
        protocol: 'https:',
        hostname: url.hostname,
        path: url.pathname, // as the SDK's serializer gives it: each segment URI-encoded
        query: {},
        headers: { host: url.hostname, 'content-type': 'text/csv' },
      },
      900,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toBe(sdk.query?.['X-Amz-Signature']);
  });

  it('reads: the whole object, from a byte on (Range), a missing one is undefined, a range past the end is empty', async () => {
    const { seen, store } = fakeS3((r) => {
      if (r.url.pathname.endsWith('/none'))
        return new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
      if (r.headers.get('range') === 'bytes=99-')
        return new Response('<Error><Code>InvalidRange</Code></Error>', { status: 416 });
      return new Response(r.headers.get('range') ? 'llo' : 'hello');
    });
    expect((await (await store.read('a/b'))?.toArray())?.join('')).toBe('hello');
    expect((await (await store.read('a/b', 2))?.toArray())?.join('')).toBe('llo');
    expect(await store.read('a/none')).toBeUndefined();
    expect(await (await store.read('a/b', 99))?.toArray()).toEqual([]);
    expect((await (await store.readRange('a/b', 2, 5))?.toArray())?.join('')).toBe('llo');
    expect(seen.map((s) => [s.method, s.url.pathname, s.headers.get('range')])).toEqual([
      ['GET', '/a/b', null],
      ['GET', '/a/b', 'bytes=2-'],
      ['GET', '/a/none', null],
      ['GET', '/a/b', 'bytes=99-'],
      ['GET', '/a/b', 'bytes=2-4'],
    ]);
    // signed (Signature V4 in the header), the payload unsigned as S3 allows over HTTPS
    expect(seen[0]?.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261202\/cn-north-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(seen[0]?.headers.get('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');
    expect(seen[0]?.headers.get('x-amz-security-token')).toBe('tok');
  });

  it('an error other than not-found is thrown with S3’s code, not taken for an empty file', async () => {
    const { store } = fakeS3(() => new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 }));
    await expect(store.read('a/b')).rejects.toMatchObject({ name: 'AccessDenied', status: 403 });
    await expect(store.size('a/b')).rejects.toBeInstanceOf(AwsError);
    await expect(store.put('a/b', Buffer.from('x'))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('size is HEAD’s content length, undefined when there is none', async () => {
    const { seen, store } = fakeS3((r) =>
      r.url.pathname === '/gone'
        ? new Response(null, { status: 404 })
        : new Response(null, { headers: { 'content-length': '1234' } }),
    );
    expect(await store.size('k')).toBe(1234);
    expect(await store.size('gone')).toBeUndefined();
    expect(seen.map((s) => s.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('put sends the bytes and content type; a stream is gathered and PUT whole unless a worker installed multipart uploads', async () => {
    const { seen, store } = fakeS3();
    await store.put('a/x.json', Buffer.from('{"a":1}'), 'application/json');
    const { Readable } = await import('node:stream');
    await store.put('a/y.csv', Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]), 'text/csv');
    expect(seen.map((s) => [s.method, s.url.pathname, s.headers.get('content-type'), s.body])).toEqual([
      ['PUT', '/a/x.json', 'application/json', '{"a":1}'],
      ['PUT', '/a/y.csv', 'text/csv', 'a,b\n1,2\n'],
    ]);
    const streamed: string[] = [];
    useStreamUploads(async (bucket, key, body) => {
      streamed.push(`${bucket}/${key}:${(await body.toArray()).join('')}`);
    });
    try {
      await store.put('a/z.csv', Readable.from(['q']), 'text/csv');
      await store.put('a/w.json', Buffer.from('w'), 'application/json');
    } finally {
      useStreamUploads(null);
    }
    expect(streamed).toEqual(['files-bucket/a/z.csv:q']);
    expect(seen.map((s) => s.url.pathname)).toEqual(['/a/x.json', '/a/y.csv', '/a/w.json']);
  });

  it('list follows the continuation token and decodes the URL-encoded keys; removeAll deletes a thousand a request with Content-MD5', async () => {
    const keys = Array.from(
      { length: 1500 },
      (_, i) => `notices/N1/f/${String(i).padStart(4, '0')}&<x>.json`,
    );
    const { seen, store } = fakeS3((r) => {
      if (r.method === 'POST') return new Response('<DeleteResult></DeleteResult>');
      const page = r.url.searchParams.get('continuation-token') ? keys.slice(1000) : keys.slice(0, 1000);
      const more = !r.url.searchParams.get('continuation-token');
      return new Response(
        `<ListBucketResult><IsTruncated>${more}</IsTruncated>${page.map((k) => `<Contents><Key>${encodeURIComponent(k)}</Key></Contents>`).join('')}${more ? '<NextContinuationToken>t+1/=</NextContinuationToken>' : ''}</ListBucketResult>`,
      );
    });
    expect(await store.list('notices/N1/f')).toEqual(keys);
    const [first, second] = seen;
    expect(first?.url.searchParams.get('prefix')).toBe('notices/N1/f/');
    expect(first?.url.searchParams.get('list-type')).toBe('2');
    expect(first?.url.searchParams.get('encoding-type')).toBe('url');
    expect(second?.url.searchParams.get('continuation-token')).toBe('t+1/=');
    seen.length = 0;
    await store.removeAll('notices/N1/f');
    const deletes = seen.filter((s) => s.method === 'POST');
    expect(deletes).toHaveLength(2);
    for (const d of deletes) {
      expect(d.url.searchParams.has('delete')).toBe(true);
      expect(d.headers.get('content-md5')).toBe(createHash('md5').update(d.body).digest('base64'));
      expect(d.body).toContain('<Quiet>true</Quiet>');
    }
    expect(deletes[0]?.body.match(/<Object>/g)).toHaveLength(1000);
    expect(deletes[1]?.body.match(/<Object>/g)).toHaveLength(500);
    expect(deletes[0]?.body).toContain('<Key>notices/N1/f/0000&#38;&#60;x&#62;.json</Key>');
  });

  it('a key DeleteObjects could not delete fails the removal (it is tried again), not passed over', async () => {
    const { store } = fakeS3((r) =>
      r.method === 'POST'
        ? new Response('<DeleteResult><Error><Key>a/1</Key><Code>AccessDenied</Code></Error></DeleteResult>')
        : new Response(
            '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a/1</Key></Contents></ListBucketResult>',
          ),
    );
    await expect(store.removeAll('a')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('N4: marking for removal tags each object with the removal tag (retention=forfeited) the lifecycle rule expires, and sends nothing else', async () => {
    const { seen, store } = fakeS3();
    await store.markForRemoval(['materials/E1/p/x-u.pdf', 'materials/E1/p/y-u.png']);
    expect(seen.map((s) => [s.method, s.url.pathname, [...s.url.searchParams.keys()]])).toEqual([
      ['PUT', '/materials/E1/p/x-u.pdf', ['tagging']],
      ['PUT', '/materials/E1/p/y-u.png', ['tagging']],
    ]);
    expect(seen[0]?.body).toContain(
      '<TagSet><Tag><Key>retention</Key><Value>forfeited</Value></Tag></TagSet>',
    );
    expect(seen[0]?.headers.get('content-md5')).toBe(
      createHash('md5')
        .update(seen[0]?.body ?? '')
        .digest('base64'),
    );
  });

  it('a throttled or failing S3 is tried again, at most 3 times; a refusal (4xx) is not retried', async () => {
    const flaky = fakeS3((_r, n) =>
      n < 3 ? new Response('<Error><Code>SlowDown</Code></Error>', { status: 503 }) : new Response('ok'),
    );
    expect((await (await flaky.store.read('k'))?.toArray())?.join('')).toBe('ok');
    expect(flaky.seen).toHaveLength(3);
    const down = fakeS3(() => new Response('<Error><Code>InternalError</Code></Error>', { status: 500 }));
    await expect(down.store.size('k')).rejects.toMatchObject({ status: 500 });
    expect(down.seen).toHaveLength(MAX_ATTEMPTS);
    const refused = fakeS3(() => new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 }));
    await expect(refused.store.remove('k')).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(refused.seen).toHaveLength(1);
    let calls = 0;
    const broken = s3Rest('b', {
      region,
      credentials,
      fetch: async () => {
        calls++;
        throw new TypeError('fetch failed');
      },
    });
    await expect(broken.head('k')).rejects.toThrow('fetch failed');
    expect(calls).toBe(MAX_ATTEMPTS);
  });
});
