/**
 * Origin protection in the handler middleware (functions/lib/origin.ts, functions/lib/http.ts): with an
 * origin secret configured (AWS), a request without CloudFront's header is refused with 403 before the
 * handler runs; local mode (no secret) checks nothing.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HttpEvent, httpHandler } from '../../functions/lib/http.js';
import { fromOrigin, ORIGIN_VERIFY_ENV, ORIGIN_VERIFY_HEADER } from '../../functions/lib/origin.js';

const event = (headers: Record<string, string>): HttpEvent =>
  ({ headers, requestContext: { http: { sourceIp: '192.0.2.1' } } }) as unknown as HttpEvent;

afterEach(() => {
  delete process.env[ORIGIN_VERIFY_ENV];
});

describe('origin protection', () => {
  it('refuses a request without the origin header (403, the one error shape) before the handler does any work; answers one with it', async () => {
    process.env[ORIGIN_VERIFY_ENV] = 's3cret-from-deploy';
    const work = vi.fn(async () => ({ ok: true }));
    const handler = httpHandler({ access: 'public', input: {} }, work);
    const tries: Record<string, string>[] = [
      {},
      { [ORIGIN_VERIFY_HEADER]: 'guess' },
      { [ORIGIN_VERIFY_HEADER]: '' },
    ];
    for (const headers of tries) {
      const res = await handler(event(headers), {} as Context);
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body as string).error.code).toBe('FORBIDDEN');
    }
    expect(work).not.toHaveBeenCalled();
    const ok = await handler(event({ [ORIGIN_VERIFY_HEADER]: 's3cret-from-deploy' }), {} as Context);
    expect(ok.statusCode).toBe(200);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('checks before authentication: a protected route without the header is 403, not 401', async () => {
    process.env[ORIGIN_VERIFY_ENV] = 's3cret-from-deploy';
    const handler = httpHandler({ access: 'staff', input: {} }, async () => ({}));
    expect((await handler(event({}), {} as Context)).statusCode).toBe(403);
    expect(
      (await handler(event({ [ORIGIN_VERIFY_HEADER]: 's3cret-from-deploy' }), {} as Context)).statusCode,
    ).toBe(401);
  });

  it('checks nothing locally (no secret configured), and compares the whole value', () => {
    expect(fromOrigin({}, {})).toBe(true);
    expect(fromOrigin({ [ORIGIN_VERIFY_HEADER]: 'abc' }, { [ORIGIN_VERIFY_ENV]: 'abcd' })).toBe(false);
    expect(fromOrigin({ [ORIGIN_VERIFY_HEADER]: 'abcd' }, { [ORIGIN_VERIFY_ENV]: 'abcd' })).toBe(true);
    expect(fromOrigin(undefined, { [ORIGIN_VERIFY_ENV]: 'abcd' })).toBe(false);
  });
});
