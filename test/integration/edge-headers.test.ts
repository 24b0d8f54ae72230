/**
 * Issue 14 §4 on the local server: the security headers CloudFront's response-headers policy adds on
 * AWS come from the same definition (infra/security-headers.ts) on every local response, and a body over
 * the limit is answered 413 without breaking the keep-alive connection it came on.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  localSecurityHeaders,
  SECURITY_HEADERS,
} from '../../infra/security-headers.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { startTestSystem } from '../support/local.js';

let sys: LocalSystem;

beforeAll(async () => {
  sys = await startTestSystem({ lifecycles: false });
});
afterAll(async () => {
  await sys?.stop();
});

describe('security headers (one definition for CloudFront and the local server)', () => {
  it('sends the CSP, frame options, nosniff and referrer policy on pages, the site config, /api/* answers and errors', async () => {
    const want = localSecurityHeaders();
    expect(want['content-security-policy']).toBe(contentSecurityPolicy());
    expect(want['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(want['x-frame-options']).toBe(SECURITY_HEADERS.frameOptions);
    expect(want['x-content-type-options']).toBe('nosniff');
    expect(want['referrer-policy']).toBe(SECURITY_HEADERS.referrerPolicy);
    for (const path of ['/portal/', '/config.json', '/api/me', '/api/no-such-route', '/no-such-page']) {
      const res = await fetch(`${sys.url}${path}`);
      await res.arrayBuffer();
      for (const [name, value] of Object.entries(want))
        expect([path, name, res.headers.get(name)]).toEqual([path, name, value]);
    }
  });
});

/** One HTTP/1.1 exchange on an open socket: writes the request, resolves with the whole response. */
function exchange(
  socket: Socket,
  request: Buffer,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((ok, fail) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const rest = buf.subarray(end + 4);
      let body: string | undefined;
      if (/transfer-encoding:\s*chunked/i.test(head)) {
        const text = rest.toString('latin1');
        if (!text.startsWith('0\r\n\r\n') && !text.includes('\r\n0\r\n\r\n')) return;
        const parts: Buffer[] = [];
        for (let at = 0; ; ) {
          const eol = rest.indexOf('\r\n', at);
          const size = Number.parseInt(rest.subarray(at, eol).toString('latin1'), 16);
          if (!size) break;
          parts.push(rest.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
        }
        body = Buffer.concat(parts).toString('utf8');
      } else {
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (rest.length < length) return;
        body = rest.subarray(0, length).toString('utf8');
      }
      socket.off('data', onData);
      socket.off('close', onClose);
      ok({ status: Number(head.split(' ')[1]), headers: head, body });
    };
    const onClose = () => fail(new Error('the connection was closed before the response'));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', fail);
    socket.write(request);
  });
}

describe('a body over the limit', () => {
  it('gets 413 in the one error shape, and the next request on the same keep-alive connection is answered', async () => {
    const { port } = new URL(sys.url);
    const socket = await new Promise<Socket>((ok, fail) => {
      const s = connect(Number(port), '127.0.0.1', () => ok(s));
      s.once('error', fail);
    });
    try {
      // several times the 1 MB limit: most of it is still arriving when the 413 goes out
      const big = Buffer.from(JSON.stringify({ idNumber: 'x'.repeat(8 * 1024 * 1024) }));
      const first = await exchange(
        socket,
        Buffer.concat([
          Buffer.from(
            'POST /api/auth/candidate/start HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n' +
              `content-type: application/json\r\ncontent-length: ${big.length}\r\n\r\n`,
          ),
          big,
        ]),
      );
      expect(first.status).toBe(413);
      expect(JSON.parse(first.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(first.headers).not.toMatch(/connection:\s*close/i);
      const second = await exchange(
        socket,
        Buffer.from('GET /api/me HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n'),
      );
      expect(second.status).toBe(401);
      expect(JSON.parse(second.body).error.code).toBe('UNAUTHENTICATED');
    } finally {
      socket.destroy();
    }
  });
});
