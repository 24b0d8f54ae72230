/**
 * The route fuzzer (issue 14 §1): for every route of functions/routes.ts, requests drawn by fast-check
 * from the route's zod schemas — a stated share well-formed (real seeded ids in the path) so the handler
 * is reached, the rest mutated: wrong types, missing and extra fields, 1 MB strings, deep nesting, invalid
 * UTF-8 and odd Unicode, huge and negative numbers, path traversal, wrong content types, bad tokens —
 * spread over every role's token and none. Each answer is checked: no 5xx, every error body in the one
 * error shape (functions/domain/errors.ts) with the status its code has, no request left hanging.
 * Everything is derived from the route list, so a new route is fuzzed without an edit here; only a
 * refinement no generator can meet (a real county, a field typed twice alike) has a hint (`validHints`).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import * as z4 from 'zod/v4/core';
import { counties } from '../../functions/domain/divisions.js';
import { DomainError, type ErrorCode } from '../../functions/domain/errors.js';
import type { RouteSpec } from '../../functions/routes.js';
import { arbitraryOf, jsonValue, objectKeys, projectedOf } from './arbitraries.js';

/** Every error code (the `satisfies` makes a new code a compile error here until it is listed). */
const errorCodes = {
  VALIDATION: true,
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  CONFLICT: true,
  PAYLOAD_TOO_LARGE: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  DEADLINE_PASSED: true,
  LOCKED: true,
  TOO_MANY_REQUESTS: true,
  CHALLENGE_REQUIRED: true,
  INTERNAL: true,
} as const satisfies Record<ErrorCode, true>;

/** Why a body is not in the one error shape with the status its code has; null when it is. */
export function errorShapeProblem(status: number, body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not an object';
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys ${keys.join(',')}`;
  const e = (body as { error: unknown }).error as Record<string, unknown>;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'error is not an object';
  if (Object.keys(e).some((k) => !['code', 'message', 'details'].includes(k)))
    return `error keys ${Object.keys(e).join(',')}`;
  if (typeof e.code !== 'string' || !(e.code in errorCodes)) return `unknown code ${String(e.code)}`;
  if (typeof e.message !== 'string' || !e.message) return 'no message';
  if (e.details !== undefined) {
    if (!e.details || typeof e.details !== 'object' || Array.isArray(e.details))
      return 'details not an object';
    const fields = (e.details as { fields?: unknown }).fields;
    if (
      fields !== undefined &&
      !(
        Array.isArray(fields) &&
        fields.every(
          (f) =>
            f && typeof f.field === 'string' && typeof f.message === 'string' && Object.keys(f).length === 2,
        )
      )
    )
      return 'details.fields not [{ field, message }]';
  }
  const expected = new DomainError(e.code as ErrorCode, 'x').status;
  if (expected !== status) return `code ${e.code} with status ${status} (expected ${expected})`;
  return null;
}

export interface Caller {
  /** none, hr, provincial, municipal, association, candidate */
  role: string;
  token?: string;
}

/** What the fuzzer learns of real ids and strings: from the seeded tables and from its 2xx answers. */
export class Harvest {
  readonly byKey = new Map<string, Set<string>>();
  readonly records: Record<string, string>[] = [];
  readonly pool = new Set<string>();
  /** whole objects as they were seen (for bodies whose fields must agree with each other) */
  readonly objects: Record<string, unknown>[] = [];
  add(value: unknown, depth = 0): void {
    if (depth > 8 || !value || typeof value !== 'object') return;
    if (!Array.isArray(value) && this.objects.length < 5000)
      this.objects.push(value as Record<string, unknown>);
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 50)) this.add(v, depth + 1);
      return;
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number') {
        const s = String(v);
        if (s.length > 80) continue;
        flat[k] = s;
        const set = this.byKey.get(k) ?? new Set<string>();
        this.byKey.set(k, set);
        if (set.size < 200) set.add(s);
        if (this.pool.size < 5000 && typeof v === 'string') this.pool.add(s);
      } else this.add(v, depth + 1);
    }
    if (Object.keys(flat).length > 1 && this.records.length < 5000) this.records.push(flat);
  }
}

type Kind =
  | 'valid'
  | 'wrongType'
  | 'missing'
  | 'extra'
  | 'huge'
  | 'deep'
  | 'badUtf8'
  | 'oddUnicode'
  | 'numbers'
  | 'notJson'
  | 'traversal'
  | 'contentType'
  | 'query'
  | 'badToken'
  | 'headers';

/** Each request's kind, by weight: `valid` is the share well-formed for the route's schemas. */
const kindWeights: [Kind, number][] = [
  ['valid', 25],
  ['wrongType', 8],
  ['missing', 7],
  ['extra', 6],
  ['huge', 1],
  ['deep', 4],
  ['badUtf8', 6],
  ['oddUnicode', 7],
  ['numbers', 7],
  ['notJson', 6],
  ['traversal', 8],
  ['contentType', 6],
  ['query', 5],
  ['badToken', 3],
  ['headers', 3],
];
/** The least share of a route's requests that must pass its schemas (the run fails below it). */
export const MIN_VALID_SHARE = 0.1;
export const VALID_WEIGHT = 25 / kindWeights.reduce((n, [, w]) => n + w, 0);

const traversals = [
  '..',
  '%2e%2e',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows%5cwin.ini',
  '....%2f%2f',
  '%252e%252e%252f',
  '%00',
  'JZS1-2026%00.json',
  '%c0%ae%c0%ae%2f',
  '%ff%fe',
  '%',
  '%zz',
  '.%2e',
  'a%2fb',
  '~root',
  encodeURIComponent('$(id)'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('{"$ne":null}'),
  encodeURIComponent('<script>alert(1)</script>'),
];
const oddStrings = [
  '\u202e\u0644\u0627',
  '\u200b\u200d\ufeff',
  '\u0000',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301',
  '１２３４５６７８９０１２３４５６７８',
  '４１０１０５１９８８０１１０９００７',
  '\ud800',
  '\udfff\ud800',
  '\u2028\u2029',
  'İı',
  '𠀀𪚥',
  '\\u0000',
  '   ',
  '__proto__',
];
const numbers = [-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 0.5, 1e-300, 4294967296, 2147483648];
const contentTypes = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'multipart/form-data',
  'application/json; charset=utf-16',
  'application/xml',
  'text/csv',
  'image/png',
  'application/json; boundary=',
  ';;;',
];
/** Headers the handlers read (the viewer's host and address behind CloudFront, the language) at odd values. */
const oddHeaders: Record<string, string>[] = [
  { 'x-viewer-host': 'evil.example.com' },
  { 'x-viewer-host': '' },
  { 'x-viewer-host': `${'a'.repeat(300)}.com:99999` },
  { 'x-viewer-address': '::ffff:999.1.1.1' },
  { 'x-viewer-address': 'a'.repeat(2000) },
  { 'accept-language': '*;q=abc, en-US;q=2, zh' },
  { host: '[::1' },
  { host: 'localhost:0' },
  { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' },
  { origin: 'null', cookie: 'a=b; c' },
];
const badTokens = [
  'Bearer',
  'Bearer ',
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'Basic YTpi',
  `Bearer ${'x'.repeat(8000)}`,
];

interface Draw {
  kind: Kind;
  caller: number;
  /** candidate values, the first that passes the schemas is used */
  path: unknown[];
  query: unknown;
  body: unknown;
  record: number;
  pick: number;
  variant: number;
  extra: unknown;
}

export interface Built {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  kind: Kind;
  role: string;
  /** the request passes the route's schemas (path, query, body) */
  valid: boolean;
}

const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

const passes = (schema: z4.$ZodType | undefined, v: unknown) => !schema || z4.safeParse(schema, v).success;

/** A drawn value as text: JSON unless a string (`{"toString":1}` has no string form of its own). */
const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
const asStrings = (o: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).map(([k, v]) => [k, asText(v)]));

/** Nested arrays and objects `depth` deep, as JSON text (built without recursion). */
const deepJson = (depth: number, obj: boolean) =>
  obj ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;

let sampleFiles: Record<string, Buffer> | null = null;
function samples(): Record<string, Buffer> {
  sampleFiles ??= {
    'text/csv': readFileSync('docs/samples/passing-list.csv'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': readFileSync(
      'docs/samples/passing-list.xlsx',
    ),
    'application/zip': readFileSync('docs/samples/materials.zip'),
  };
  return sampleFiles;
}

function formBody(type: string, fields: Record<string, unknown>): { type: string; body: Buffer } {
  const f = asStrings(fields);
  if (type === 'application/x-www-form-urlencoded')
    return { type, body: Buffer.from(new URLSearchParams(f).toString()) };
  if (type === 'multipart/form-data') {
    const b = 'fuzzboundary7MA4YWxk';
    const parts = Object.entries(f).map(
      ([k, v]) => `--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    return { type: `${type}; boundary=${b}`, body: Buffer.from(`${parts.join('')}--${b}--\r\n`) };
  }
  return { type, body: Buffer.from(JSON.stringify(fields)) };
}

const countyCodes = [...counties().keys()];
type Body = Record<string, unknown>;
/**
 * Per-route hints, by `METHOD path`, for the refinements of a body schema that a generator cannot meet
 * (kept to those): each fixes up a drawn body, `n` a drawn number to choose with. The rest of the body
 * stays drawn from the schema.
 */
export const validHints: Record<string, (body: Body, n: number) => Body> = {
  // R18: a county of the all-China division table, and the phone typed again alike
  'PUT /api/exams/{examId}/booking': (b, n) => ({
    ...b,
    districtCode: countyCodes[n % countyCodes.length],
    phoneConfirm: b.phone,
  }),
};

/** The request generator of one route. */
export function routeRequests(route: RouteSpec, callers: readonly Caller[], harvest: Harvest) {
  const params = paramsOf(route.path);
  const roles = [...new Set(callers.map((c) => c.role))];
  const pool = [...harvest.pool];
  const pathSchema = route.input.path;
  const querySchema = route.input.query;
  const bodySchema = route.input.body ?? route.input.raw?.fields;
  const raw = route.input.raw;
  // real ids: harvested records holding every path parameter, each value passing the path schema
  const records = params.length
    ? harvest.records
        .filter((r) => params.every((p) => p in r))
        .map((r) => Object.fromEntries(params.map((p) => [p, r[p] as string])))
        .filter((r) => passes(pathSchema, r))
    : [];
  const uniq = [...new Map(records.map((r) => [JSON.stringify(r), r])).values()];
  const pathArb = pathSchema ? arbitraryOf(pathSchema, pool).map(asStrings) : fc.constant({});
  const hint = validHints[`${route.method} ${route.path}`];
  function bodyArb(schema: z4.$ZodType): fc.Arbitrary<unknown[]> {
    const generated = fc.array(arbitraryOf(schema, pool), { minLength: 3, maxLength: 3 });
    const projected = projectedOf(schema, harvest.objects, pool);
    const mixed = projected
      ? fc
          .tuple(generated, fc.array(projected, { minLength: 3, maxLength: 3 }))
          .map(([g, p]) => [g[0], p[0], g[1], p[1], g[2], p[2]])
      : generated;
    if (!hint) return mixed;
    return fc
      .tuple(mixed, fc.nat())
      .map(([bodies, n]) =>
        bodies.map((b, i) => (b && typeof b === 'object' && !Array.isArray(b) ? hint(b as Body, n + i) : b)),
      );
  }
  const arb: fc.Arbitrary<Draw> = fc.record({
    kind: fc.oneof(...kindWeights.map(([k, weight]) => ({ arbitrary: fc.constant(k), weight }))),
    caller: fc.nat({ max: roles.length - 1 }),
    path: fc.array(pathArb, { minLength: 4, maxLength: 4 }),
    query: querySchema ? arbitraryOf(querySchema, pool) : fc.constant(undefined),
    body: bodySchema ? bodyArb(bodySchema) : fc.constant([]),
    record: fc.nat(),
    pick: fc.nat(),
    variant: fc.nat(),
    extra: jsonValue,
  });

  function build(d: Draw): Built {
    // each role equally often; among a role's tokens (the candidates), one by the draw
    const ofRole = callers.filter((c) => c.role === roles[d.caller]);
    const caller = ofRole[d.record % ofRole.length] as Caller;
    // path: a real record in the valid share (when there is one), else a drawn one
    const pathValues: Record<string, string> =
      uniq.length && (d.kind === 'valid' || d.record % 2 === 0)
        ? (uniq[d.record % uniq.length] as Record<string, string>)
        : ((d.path.find((p) => passes(pathSchema, p)) ?? d.path[0]) as Record<string, string>);
    const encoded: Record<string, string> = {};
    for (const p of params) encoded[p] = enc(pathValues[p] ?? '');
    const bodies = d.body as unknown[];
    let body: unknown = bodies.find((b) => passes(bodySchema, b)) ?? bodies[0];
    let query = d.query as Record<string, unknown> | undefined;
    let rawText: string | Buffer | undefined;
    let type: string | undefined = raw ? raw.types[d.variant % raw.types.length] : 'application/json';
    const keys = objectKeys(bodySchema);
    const key = keys.length ? (keys[d.pick % keys.length] as string) : `k${d.pick % 7}`;
    const asObj = () =>
      body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as object) } : ({} as object);
    let authorization = caller.token ? `Bearer ${caller.token}` : undefined;
    switch (d.kind) {
      case 'valid':
        break;
      case 'wrongType': {
        const choices = [1, 'x', true, null, [], {}, [1, 'a'], -5, d.extra];
        const v = choices[d.variant % choices.length];
        if (d.variant % 5 === 0) body = v;
        else body = { ...asObj(), [key]: v };
        break;
      }
      case 'missing': {
        const o = asObj() as Record<string, unknown>;
        delete o[key];
        if (d.variant % 3 === 0) for (const k of keys) delete o[k];
        body = o;
        if (params.length && d.variant % 4 === 1) encoded[params[d.pick % params.length] as string] = '';
        break;
      }
      case 'extra': {
        const extras = [
          '__proto__',
          'constructor',
          'prototype',
          'pk',
          'sk',
          'version',
          'status',
          'role',
          'deptId',
        ];
        const k = extras[d.variant % extras.length] as string;
        rawText = JSON.stringify({ ...asObj(), [`extra${d.pick % 100}`]: d.extra }).replace(
          /^\{/,
          `{${JSON.stringify(k)}:${JSON.stringify(d.extra ?? 1)},`,
        );
        if (rawText.endsWith(',}')) rawText = `${rawText.slice(0, -2)}}`;
        break;
      }
      case 'huge': {
        // 1 MB strings: just under the gateway's limit, and over it
        const size = d.variant % 3 === 0 ? 1024 * 1024 + 10 : 1000 * 1000;
        const filler = d.variant % 2 ? '测'.repeat(Math.floor(size / 3)) : 'a'.repeat(size);
        if (d.variant % 4 === 3 && params.length)
          encoded[params[d.pick % params.length] as string] = 'A'.repeat(8000);
        else rawText = JSON.stringify({ ...asObj(), [key]: filler });
        break;
      }
      case 'deep': {
        const depth = [100, 1000, 10_000, 100_000][d.variant % 4] as number;
        rawText = `{${JSON.stringify(key)}:${deepJson(depth, d.pick % 2 === 0)}}`;
        break;
      }
      case 'badUtf8': {
        const text = JSON.stringify({ ...asObj(), [key]: 'abc' });
        const bad = [
          Buffer.from([0xff, 0xfe]),
          Buffer.from([0xc0, 0xaf]),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from([0xe4, 0xb8]),
        ][d.variant % 4] as Buffer;
        const at = text.indexOf('abc') + 1;
        rawText = Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]);
        if (params.length && d.pick % 3 === 0)
          encoded[params[d.pick % params.length] as string] = '%ff%c0%af';
        break;
      }
      case 'oddUnicode': {
        const s = oddStrings[d.variant % oddStrings.length] as string;
        body = {
          ...asObj(),
          [key]: d.pick % 2 ? s : `${asText((asObj() as Record<string, unknown>)[key] ?? '')}${s}`,
        };
        if (params.length && d.pick % 3 === 0) encoded[params[d.pick % params.length] as string] = enc(s);
        if (query && d.pick % 4 === 1) query = { ...query, [Object.keys(query)[0] ?? 'q']: s };
        break;
      }
      case 'numbers': {
        const n = numbers[d.variant % numbers.length] as number;
        if (d.pick % 5 === 0)
          rawText = JSON.stringify({ ...asObj() }).replace(/^\{/, `{${JSON.stringify(key)}:1e999,`);
        else body = { ...asObj(), [key]: n };
        if (params.length && d.pick % 3 === 1) encoded[params[d.pick % params.length] as string] = String(n);
        if (typeof rawText === 'string' && rawText.endsWith(',}')) rawText = `${rawText.slice(0, -2)}}`;
        break;
      }
      case 'notJson': {
        const texts = [
          '',
          'null',
          '[]',
          '"x"',
          '{',
          '{"a":',
          'true',
          '\u0000',
          '{"a":1}{"b":2}',
          'a=1&b=2',
          '\ufeff{}',
        ];
        rawText = texts[d.variant % texts.length] as string;
        break;
      }
      case 'traversal': {
        const t = traversals[d.variant % traversals.length] as string;
        if (params.length) encoded[params[d.pick % params.length] as string] = t;
        else query = { ...(query ?? {}), path: decodeURIComponentSafe(t) };
        break;
      }
      case 'contentType':
        type = contentTypes[d.variant % contentTypes.length];
        break;
      case 'query': {
        const q = { ...(query ?? {}) } as Record<string, unknown>;
        const qk = Object.keys(q)[d.pick % Math.max(1, Object.keys(q).length)] ?? 'limit';
        const vals = ['', '-1', '1e999', 'NaN', '9'.repeat(400), 'a'.repeat(5000), '[]', '%', '0x10', 'true'];
        q[qk] = vals[d.variant % vals.length];
        if (d.pick % 3 === 0) q[`x${d.variant % 50}`] = 'y';
        query = q;
        break;
      }
      case 'badToken':
        authorization = badTokens[d.variant % badTokens.length];
        break;
      case 'headers':
        break;
    }
    let path = route.path;
    for (const p of params) path = path.replace(`{${p}}`, encoded[p] ?? '');
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(asStrings(query)))
      if (v !== undefined)
        for (const part of d.kind === 'query' && d.pick % 2 ? [v, v] : [v]) search.append(k, part);
    const qs = search.toString();
    if (qs) path += `?${qs}`;
    let bytes: Buffer | undefined;
    if (rawText !== undefined) bytes = Buffer.isBuffer(rawText) ? rawText : Buffer.from(rawText);
    else if (raw && type && !type.includes('json') && d.kind !== 'contentType') {
      if (type in samples()) {
        const file = samples()[type] as Buffer;
        bytes = d.kind === 'valid' || d.variant % 2 ? file : file.subarray(0, d.pick % file.length);
      } else if (type.startsWith('multipart/') || type.includes('urlencoded')) {
        const f = formBody(type, asObj() as Record<string, unknown>);
        type = f.type;
        bytes = f.body;
      }
      // a drawn value as text (JSON for objects: `{"toString":1}` has no string form)
      else bytes = Buffer.from(typeof d.extra === 'string' ? d.extra : (JSON.stringify(d.extra) ?? ''));
    } else if (body !== undefined && (bodySchema || d.kind !== 'valid'))
      bytes = Buffer.from(JSON.stringify(body) ?? '');
    if (route.method === 'GET' && d.kind === 'valid') bytes = undefined;
    const headers: Record<string, string> = {};
    if (authorization) headers.authorization = authorization;
    if (bytes && type) headers['content-type'] = type;
    if (d.kind === 'headers') Object.assign(headers, oddHeaders[d.variant % oddHeaders.length]);
    // did it pass every schema? (path values as the gateway decodes them)
    const decoded = Object.fromEntries(params.map((p) => [p, decodeURIComponentSafe(encoded[p] ?? '')]));
    let bodyOk = true;
    if (route.input.body) {
      try {
        bodyOk = passes(route.input.body, bytes?.length ? JSON.parse(bytes.toString()) : {});
      } catch {
        bodyOk = false;
      }
    }
    if (raw) {
      const t = (headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      bodyOk = raw.types.includes(t) && (bytes?.length ?? 0) <= raw.maxBytes;
      if (bodyOk && raw.fields && t === 'application/json')
        try {
          bodyOk = passes(raw.fields, JSON.parse(bytes?.toString() ?? ''));
        } catch {
          bodyOk = false;
        }
    }
    const valid =
      bodyOk &&
      passes(pathSchema, decoded) &&
      passes(querySchema, Object.fromEntries(search)) &&
      d.kind !== 'badToken' &&
      !path.includes('%00');
    return {
      method: route.method,
      path,
      headers,
      ...(bytes ? { body: bytes } : {}),
      kind: d.kind,
      role: caller.role,
      valid,
    };
  }
  return { arb, build };
}

/** encodeURIComponent that takes lone surrogates too (as their UTF-8 replacement character). */
const enc = (s: string) => encodeURIComponent(Buffer.from(s).toString());

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface Answer {
  status: number;
  /** 0 when none came: `hang` (timed out) or `error` (the connection failed) */
  failure?: 'hang' | 'error';
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request; a reused keep-alive connection the server closed is tried once more on a new one. */
export function send(base: string, r: Built, timeoutMs: number, retry = true): Promise<Answer> {
  return new Promise((resolve) => {
    const big = (r.body?.length ?? 0) > 256 * 1024;
    const req = request(
      `${base}${r.path}`,
      {
        method: r.method,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
        agent: big ? false : agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', () => resolve({ status: 0, failure: 'error', contentType: '', text: '' }));
      },
    );
    let done = false;
    req.on('timeout', () => {
      done = true;
      req.destroy();
      resolve({ status: 0, failure: 'hang', contentType: '', text: '' });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (done) return;
      if (retry && (e.code === 'ECONNRESET' || e.code === 'EPIPE'))
        return resolve(send(base, r, timeoutMs, false));
      resolve({ status: 0, failure: 'error', contentType: '', text: e.message });
    });
    try {
      req.end(r.body);
    } catch (e) {
      resolve({ status: 0, failure: 'error', contentType: '', text: (e as Error).message });
    }
  });
}

export interface RouteReport {
  route: string;
  requests: number;
  valid: number;
  byStatus: Record<string, number>;
  /** 5xx answers, bodies outside the error shape, hangs: one line each (the first few) */
  problems: string[];
  fiveXx: number;
  badShape: number;
  hangs: number;
  /** connections that ended without an answer (not a failure: e.g. a body over the limit refused early) */
  dropped: string[];
}

/** What the answer tells of problems: a 5xx, a body outside the one error shape, a hang. */
export function judge(route: RouteSpec, r: Built, a: Answer): string | null {
  const what = `${r.kind} as ${r.role}: ${r.method} ${r.path.slice(0, 160)}`;
  if (a.failure === 'hang') return `hang — ${what}`;
  if (a.failure) return null;
  if (a.status >= 500) return `${a.status} ${a.text.slice(0, 200)} — ${what}`;
  if (a.status < 400) return null;
  if (a.contentType.includes('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      return `error body not JSON (${a.status}) — ${what}`;
    }
    const p = errorShapeProblem(a.status, body);
    return p ? `error shape: ${p} (${a.status} ${a.text.slice(0, 160)}) — ${what}` : null;
  }
  // a page route (the check page without JavaScript) answers its refusals as a page too
  if (route.page && a.contentType.startsWith('text/html')) return null;
  // a form post without JavaScript gets an HTML page with the status (the objection form)
  const sent = (r.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const form = sent === 'multipart/form-data' || sent === 'application/x-www-form-urlencoded';
  if (form && route.input.raw?.types.includes(sent) && a.contentType.startsWith('text/html')) return null;
  return `error body not in the error shape (${a.status} ${a.contentType}: ${a.text.slice(0, 80)}) — ${what}`;
}

/** Fuzz one route with `n` requests, `concurrency` at a time. */
export async function fuzzRoute(opts: {
  base: string;
  route: RouteSpec;
  callers: readonly Caller[];
  harvest: Harvest;
  n: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
}): Promise<RouteReport> {
  const { route } = opts;
  const gen = routeRequests(route, opts.callers, opts.harvest);
  const draws = fc.sample(gen.arb, { seed: opts.seed, numRuns: opts.n });
  const report: RouteReport = {
    route: `${route.method} ${route.path}`,
    requests: 0,
    valid: 0,
    byStatus: {},
    problems: [],
    fiveXx: 0,
    badShape: 0,
    hangs: 0,
    dropped: [],
  };
  let next = 0;
  async function worker() {
    while (next < draws.length) {
      const d = draws[next++] as Draw;
      const r = gen.build(d);
      const a = await send(opts.base, r, opts.timeoutMs);
      report.requests++;
      if (r.valid) report.valid++;
      const label = a.failure ?? String(a.status);
      report.byStatus[label] = (report.byStatus[label] ?? 0) + 1;
      if (a.failure === 'error' && report.dropped.length < 5)
        report.dropped.push(
          `${a.text} — ${r.kind} as ${r.role}: ${r.method} ${r.path.slice(0, 100)} (${r.body?.length ?? 0} bytes)`,
        );
      const problem = judge(route, r, a);
      if (problem) {
        if (a.failure === 'hang') report.hangs++;
        else if (a.status >= 500) report.fiveXx++;
        else report.badShape++;
        if (report.problems.length < 10) report.problems.push(problem);
      }
      if (a.status >= 200 && a.status < 300 && a.contentType.includes('json'))
        try {
          opts.harvest.add(JSON.parse(a.text));
        } catch {
          // not JSON after all: nothing to learn
        }
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return report;
}

export const formatReport = (r: RouteReport) =>
  `${r.route.padEnd(78)} ${String(r.requests).padStart(6)}  valid ${String(r.valid).padStart(5)} (${Math.round((100 * r.valid) / Math.max(1, r.requests))}%)  ${Object.entries(
    r.byStatus,
  )
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')}`;
