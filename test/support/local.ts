/**
 * Starts the local system (gateway + handlers) against the run's DynamoDB Local with its own table
 * prefix, and gives tests a small HTTP client.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';

export async function startTestSystem(opts: { lifecycles?: boolean } = {}): Promise<LocalSystem> {
  return startLocal({
    port: 0,
    quiet: true,
    // the lifecycle executions are tested in test/workflow; here they would write while tests compare tables
    lifecycles: opts.lifecycles ?? false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    dataDir: mkdtempSync(join(tmpdir(), 'cert-local-')),
  });
}

export interface ApiReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function client(base: string) {
  async function call<T = any>(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined
        ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
        : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: res.headers,
    } as ApiReply<T>;
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, token ? { token } : {}),
    post: <T = any>(path: string, body: unknown, token?: string) =>
      call<T>('POST', path, { body, ...(token ? { token } : {}) }),
    async staffToken(username: string, password: string): Promise<string> {
      const r = await call('POST', '/api/auth/staff/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`staff login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
  };
}
