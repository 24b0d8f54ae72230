/**
 * R25: the certificate's QR code opens the check page on the public site's own origin: never on a host a
 * caller made up behind CloudFront, where the origin request's Host is the API's.
 */
import { describe, expect, it } from 'vitest';
import { checkUrlBaseOf } from '../../functions/handlers/certificates.js';
import type { HttpEvent } from '../../functions/lib/http.js';
import { VIEWER_ADDRESS } from '../../infra/constructs/site.js';

const ev = (headers: Record<string, string>) => ({ headers }) as unknown as HttpEvent;

/** the CloudFront Function's code, run as CloudFront runs it on a viewer request */
function viewerRequest(headers: Record<string, { value: string }>, ip: string) {
  const handler = new Function(`${VIEWER_ADDRESS}; return handler;`)() as (e: unknown) => {
    headers: Record<string, { value: string }>;
  };
  return handler({ request: { headers }, viewer: { ip } }).headers;
}

describe('the check page origin of the QR code (R25)', () => {
  it('R25: behind CloudFront the viewer host its function writes, over https; not the API host', () => {
    const headers = viewerRequest(
      { host: { value: 'zs.example.gov.cn' }, 'x-viewer-host': { value: 'evil.example' } },
      '203.0.113.9',
    );
    expect(headers['x-viewer-host']?.value).toBe('zs.example.gov.cn');
    expect(headers['x-viewer-address']?.value).toBe('203.0.113.9');
    const onAws = { TRUST_VIEWER_ADDRESS: '1' };
    expect(
      checkUrlBaseOf(
        ev({ host: 'abc.execute-api.amazonaws.com', 'x-viewer-host': 'zs.example.gov.cn' }),
        onAws,
      ),
    ).toBe('https://zs.example.gov.cn');
  });

  it('R25: a configured base wins; locally the one server’s host (http on loopback), x-viewer-host ignored', () => {
    expect(checkUrlBaseOf(ev({ host: 'x' }), { CERT_CHECK_URL_BASE: 'https://site.example' })).toBe(
      'https://site.example',
    );
    expect(checkUrlBaseOf(ev({ host: '127.0.0.1:3000', 'x-viewer-host': 'evil.example' }), {})).toBe(
      'http://127.0.0.1:3000',
    );
    expect(checkUrlBaseOf(ev({ host: 'localhost:3000' }), {})).toBe('http://localhost:3000');
    expect(checkUrlBaseOf(ev({ host: 'demo.example' }), {})).toBe('https://demo.example');
    expect(checkUrlBaseOf(ev({}), {})).toBe('http://localhost');
  });
});
