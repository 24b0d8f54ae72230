/**
 * Starts the local system (gateway + handlers) against the run's DynamoDB Local with its own table
 * prefix, and gives tests a small HTTP client.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { catchUp } from '../../functions/acts/lifecycle.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';

export async function startTestSystem(opts: { lifecycles?: boolean } = {}): Promise<LocalSystem> {
  return (await startTestSystemIn(`t${randomBytes(4).toString('hex')}`, opts)).system;
}

export type TestClient = ReturnType<typeof client>;

/**
 * One integration test file's local system, started before its tests (its own tables, the demo data)
 * and stopped after them: `sys` and `api` (read only inside tests and hooks), and `tokens` by username
 * for the `staff` named, signed in with the demo password.
 */
export function localSuite(staff: readonly string[] = [], opts: { lifecycles?: boolean } = {}) {
  let made: { sys: LocalSystem; api: TestClient } | undefined;
  const part = <K extends 'sys' | 'api'>(key: K) =>
    new Proxy({} as NonNullable<typeof made>[K], {
      get: (_, k) => {
        if (!made) throw new Error('the local system is started before the tests');
        return Reflect.get(made[key], k);
      },
    });
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    const sys = await startTestSystem(opts);
    made = { sys, api: client(sys.url) };
    const { DEMO_PASSWORD } = await import('../../scripts/local/seed.js');
    for (const u of staff) tokens[u] = await made.api.staffToken(u, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await made?.sys.stop();
  });
  return { sys: part('sys'), api: part('api'), tokens };
}

/**
 * The same, with its own data folder known to the test (the local token key lives there:
 * `jwt-key.json`), tables prefixed `{name}-`, and the output shown unless `quiet` is false.
 */
export async function startTestSystemIn(
  name: string,
  opts: { lifecycles?: boolean; quiet?: boolean; webDir?: string } = {},
): Promise<{ system: LocalSystem; dataDir: string }> {
  // the sign-in's answer floor and proof-of-work, small: tests check what is answered, not how long it takes
  process.env.SIGN_IN_MIN_MS ??= '5';
  process.env.POW_COUNTER_MIN ??= '200';
  process.env.POW_COUNTER_MAX ??= '400';
  const dataDir = mkdtempSync(join(tmpdir(), 'cert-local-'));
  const system = await startLocal({
    port: 0,
    quiet: opts.quiet ?? true,
    // the lifecycle executions are tested in test/workflow; here they would write while tests compare tables
    lifecycles: opts.lifecycles ?? false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `${name}-`,
    dataDir,
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
  });
  return { system, dataDir };
}

export interface ApiReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request over node:http from a chosen loopback address (127.x.y.z), so tests can be different clients. */
function callFrom(
  from: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method, headers: init.headers, localAddress: from },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), headers });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Test-only: the newest login code sent to a person (read from the outbox, a small per-run table). */
export async function latestCode(personId: string): Promise<string> {
  const msgs = ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).filter(
    (m) => m.personId === personId && m.template === 'otp',
  );
  msgs.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  const m = /(\d{6})/.exec(String(msgs[0]?.text));
  if (!m) throw new Error('no code in the outbox');
  return m[1] as string;
}

/** `from`: the loopback address to send from (the sign-in limits count clients by address). */
export function client(base: string, opts0: { from?: string } = {}) {
  async function call<T = any>(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const init = {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      } as Record<string, string>,
      ...(opts.body !== undefined
        ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
        : {}),
    };
    if (opts0.from) {
      const r = await callFrom(opts0.from, base + path, init);
      return {
        status: r.status,
        body: (r.text ? JSON.parse(r.text) : null) as T,
        headers: r.headers,
      } as ApiReply<T>;
    }
    const res = await fetch(base + path, init);
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
    /** A file as the request body (a CSV list: certificate numbers, China Post's files). */
    async postCsv<T = any>(path: string, csv: string, token: string): Promise<ApiReply<T>> {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: csv,
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
    },
    /** Polls a job until it has ended (the local job worker runs it); its last view. */
    async jobDone(jobId: string, token: string): Promise<any> {
      for (let i = 0; i < 300; i++) {
        const j = await call('GET', `/api/jobs/${jobId}`, { token });
        if (j.status !== 200) throw new Error(`job ${jobId}: ${j.status}`);
        if (j.body.status !== 'queued' && j.body.status !== 'running') return j.body;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      throw new Error(`job ${jobId} did not finish`);
    },
    async staffToken(username: string, password: string): Promise<string> {
      const r = await call('POST', '/api/auth/staff/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`staff login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
    /** A candidate's token: start, the code from the outbox, verify. */
    async candidateToken(c: { idNumber: string; name: string }): Promise<string> {
      const s = await call('POST', '/api/auth/candidate/start', {
        body: { idNumber: c.idNumber, name: c.name },
      });
      if (s.status !== 202) throw new Error(`candidate start: ${s.status} ${JSON.stringify(s.body)}`);
      const code = await latestCode(personIdOf(c.idNumber));
      const v = await call('POST', '/api/auth/candidate/verify', { body: { attempt: s.body.attempt, code } });
      if (v.status !== 200) throw new Error(`candidate verify: ${v.status} ${JSON.stringify(v.body)}`);
      return v.body.token;
    },
  };
}

/**
 * R9, R10: the exam's verification result announcement published, and these candidates told by it — the
 * broadcast job's own act (catchUp) per candidate, since a test system without lifecycle executions has
 * no execution waiting to be found. A pending candidate is called to supplementary verification then.
 */
export async function resultsTold(
  api: ReturnType<typeof client>,
  examId: string,
  token: string,
  personIds: readonly string[],
): Promise<void> {
  const r = await api.post(`/api/exams/${examId}/events`, { kind: 'resultsAnnounced' }, token);
  if (r.status !== 202) throw new Error(`resultsAnnounced ${examId}: ${r.status} ${JSON.stringify(r.body)}`);
  await api.jobDone(r.body.jobId, token);
  for (const personId of personIds) await catchUp(examId, personId, 'test');
}
