/**
 * The files store on S3 (functions/lib/file-store.ts `s3Store`): a file too large for a Lambda answer is
 * handed out as a presigned GET that answers the material's own content type and disposition, uncached,
 * for a minute. Signed offline with fake credentials (S3 itself is the edge).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { DOWNLOAD_URL_SECONDS, INLINE_MAX, s3Store } from '../../functions/lib/file-store.js';

describe('presigned downloads', () => {
  it('R23: a presigned GET names the key, its content type and disposition, no-store, and lasts a minute', async () => {
    const s3 = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    });
    const disposition = `attachment; filename="material-x.pdf"; filename*=UTF-8''${encodeURIComponent('证明.pdf')}`;
    const url = new URL(
      await (s3Store('files-bucket', s3).downloadUrl?.(
        'materials/E1/p/x-u.pdf',
        { contentType: 'application/pdf', disposition },
        DOWNLOAD_URL_SECONDS,
      ) ?? ''),
    );
    expect(url.hostname).toContain('files-bucket');
    expect(url.pathname).toBe('/materials/E1/p/x-u.pdf');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
    expect(url.searchParams.get('response-cache-control')).toBe('no-store');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    // base64 makes 4 MB about 5.3 MB: inside Lambda's 6 MB answer
    expect(Math.ceil((INLINE_MAX * 4) / 3)).toBeLessThan(6 * 1024 * 1024 - 64 * 1024);
  });
});
