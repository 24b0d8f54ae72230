/**
 * The local gateway: one HTTP server on 127.0.0.1 that turns /api requests into API Gateway HTTP API
 * v2 events — with the JWT authorizer's claims filled in as API Gateway fills them — for the very
 * handler modules Lambda runs, and serves the web build for everything else.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { Transform } from 'node:stream';
import type { Context } from 'aws-lambda';
import { setCandidateTokens } from '../../functions/lib/candidate-tokens.js';
import { LOCAL_UPLOAD_PATH } from '../../functions/lib/file-store.js';
import type { HttpEvent } from '../../functions/lib/http.js';
import { moduleHandler, type RouteHandler } from '../../functions/lib/module-handler.js';
import { setStaffDirectory } from '../../functions/lib/staff-directory.js';
import { type HandlerModule, localAuthRoutes, type RouteSpec, routes } from '../../functions/routes.js';
import { localSecurityHeaders } from '../../infra/security-headers.js';
import type { SiteConfig } from '../../web/auth.js';
import { localAuthHandlers, localCandidateTokens, localStaffDirectory } from './auth.js';
import { claimsAsApiGateway, type LocalIssuer } from './tokens.js';

/** Every module a route names (the type makes a missing one a compile error); loaded on first use. */
const handlerModules: Record<HandlerModule, () => Promise<unknown>> = {
  me: () => import('../../functions/handlers/me.js'),
  exams: () => import('../../functions/handlers/exams.js'),
  candidates: () => import('../../functions/handlers/candidates.js'),
  outbox: () => import('../../functions/handlers/outbox.js'),
  calendar: () => import('../../functions/handlers/calendar.js'),
  'exam-events': () => import('../../functions/handlers/exam-events.js'),
  'certificate-seals': () => import('../../functions/handlers/certificate-seals.js'),
  'exam-schedule': () => import('../../functions/handlers/exam-schedule.js'),
  objections: () => import('../../functions/handlers/objections.js'),
  'candidate-auth': () => import('../../functions/handlers/candidate-auth.js'),
  imports: () => import('../../functions/handlers/imports.js'),
  notices: () => import('../../functions/handlers/notices.js'),
  openapi: () => import('../../functions/handlers/openapi.js'),
  jobs: () => import('../../functions/handlers/jobs.js'),
  'exam-admin': () => import('../../functions/handlers/exam-admin.js'),
  'staff-admin': () => import('../../functions/handlers/staff-admin.js'),
  materials: () => import('../../functions/handlers/materials.js'),
  collection: () => import('../../functions/handlers/collection.js'),
  'spot-checks': () => import('../../functions/handlers/spot-checks.js'),
  'bulk-decisions': () => import('../../functions/handlers/bulk-decisions.js'),
  reports: () => import('../../functions/handlers/reports.js'),
  revocations: () => import('../../functions/handlers/revocations.js'),
  'certificate-check': () => import('../../functions/handlers/certificate-check.js'),
  certificates: () => import('../../functions/handlers/certificates.js'),
  bookings: () => import('../../functions/handlers/bookings.js'),
  'certificate-batches': () => import('../../functions/handlers/certificate-batches.js'),
  dispatch: () => import('../../functions/handlers/dispatch.js'),
};

type Handler = RouteHandler;

/** A module's dispatcher (functions/lib/module-handler.ts), as its Lambda function runs it on AWS. */
const dispatchers = new Map<HandlerModule, Promise<Handler>>();
function dispatcherOf(module: HandlerModule): Promise<Handler> {
  let d = dispatchers.get(module);
  if (!d) {
    d = handlerModules[module]().then((m) => moduleHandler(module, m as Record<string, unknown>, routes));
    // a failed load is not kept: the next request tries again (and fails the same way, visibly)
    d.catch(() => dispatchers.delete(module));
    dispatchers.set(module, d);
  }
  return d;
}

export const SITE_CONFIG_PATH = '/config.json';
export const LOCAL_SITE_CONFIG: SiteConfig = { auth: 'local' };

interface LocalRoute {
  method: string;
  path: string;
  pattern: RegExp;
  params: string[];
  public: boolean;
  /** a route taking a file: its limit (functions/routes.ts `input.raw`) */
  raw?: { maxBytes: number };
  load: () => Promise<Handler>;
}

function compile(
  method: string,
  path: string,
  isPublic: boolean,
  load: () => Promise<Handler>,
  raw?: { maxBytes: number },
): LocalRoute {
  const params: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\{(\w+)\}/g, (_m, p: string) => {
      params.push(p);
      return '([^/]+)';
    })}$`,
  );
  return { method, path, pattern, params, public: isPublic, load, ...(raw ? { raw } : {}) };
}

const MAX_BODY = 1024 * 1024;
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.map': 'application/json',
};

const fakeContext = (name: string): Context =>
  ({
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** decodeURIComponent that answers null for a malformed escape instead of throwing. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The request target as a URL, or null when it is not one. */
export function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

const badEscape = (field: string) => ({
  error: {
    code: 'VALIDATION',
    message: '请求地址中含有无效的转义字符',
    details: { fields: [{ field, message: '含有无效的百分号转义（如 %ff）' }] },
  },
});

/** Past the limit a body is still read (and dropped) up to this much, so the connection stays usable. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * A request's body, or null once it passes `max`. Over the limit the rest is read and dropped rather
 * than left on the socket: breaking out of the stream would destroy the socket, resetting the next
 * request of a keep-alive connection. A body more than DRAIN_LIMIT past the limit ends the connection.
 */
function readBody(req: IncomingMessage, max = MAX_BODY): Promise<Buffer | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        if (size > max + DRAIN_LIMIT) req.destroy();
        return;
      }
      if (size > max) {
        over = true;
        chunks.length = 0;
        ok(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) ok(Buffer.concat(chunks));
    });
    req.on('error', (e) => (over ? undefined : fail(e)));
  });
}

/** A declared body so far past the limit that draining it is not worth it: answer and close. */
const beyondDrain = (req: IncomingMessage, max: number) =>
  Number(req.headers['content-length'] ?? 0) > max + DRAIN_LIMIT;

export interface LocalServerOptions {
  port: number;
  webDir: string;
  /** extra static folders by URL prefix, e.g. { '/announcements/': '.local/site/announcements' } */
  staticDirs?: Record<string, string>;
  issuer: LocalIssuer;
}

export function allRoutes(issuer: LocalIssuer): LocalRoute[] {
  const auth = localAuthHandlers(issuer);
  // staff credentials live in the catalog locally (on AWS, in Cognito); candidate tokens are local ones
  setStaffDirectory(localStaffDirectory);
  setCandidateTokens(localCandidateTokens(issuer));
  const authRoutes: LocalRoute[] = [
    compile('POST', localAuthRoutes.staffLogin, true, async () => auth.staffLogin as unknown as Handler),
    compile(
      'POST',
      localAuthRoutes.staffNewPassword,
      true,
      async () => auth.staffNewPassword as unknown as Handler,
    ),
  ];
  const apiRoutes = routes.map((r: RouteSpec) =>
    compile(
      r.method,
      r.path,
      r.access === 'public',
      // the module's one handler, dispatching on the event's routeKey as its Lambda function does
      () => dispatcherOf(r.module),
      r.input.raw,
    ),
  );
  return [...authRoutes, ...apiRoutes];
}

export async function startServer(opts: LocalServerOptions): Promise<{ server: Server; url: string }> {
  const table = allRoutes(opts.issuer);
  const SECURITY_HEADERS = localSecurityHeaders();
  const webRoot = resolve(opts.webDir);

  /**
   * PUT /api/uploads/<token>: what S3 does with a presigned PUT on AWS — the token (signed by this server,
   * for one key and content type, until it expires) is the only authorization; the file is streamed to
   * the files store, and its arrival starts the import, as S3's event does on AWS.
   */
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const { readUploadToken, fileStore } = await import('../../functions/lib/file-store.js');
    const { importFormatOf } = await import('../../functions/domain/imports.js');
    const { uploadLimit } = await import('../../functions/acts/imports.js');
    const { MAX_UPLOAD_BYTES } = await import('../../functions/domain/materials.js');
    if (req.method !== 'PUT')
      return sendJson(res, 405, { error: { code: 'VALIDATION', message: '上传请使用 PUT' } });
    const grant = readUploadToken(url.pathname.slice(LOCAL_UPLOAD_PATH.length), Date.now());
    if (!grant) return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: '上传链接无效或已过期' } });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== grant.contentType)
      return sendJson(res, 403, {
        error: { code: 'FORBIDDEN', message: `上传的文件类型应为 ${grant.contentType}` },
      });
    // a list up to 200 MB, a materials ZIP up to 1 GB, a candidate's material up to 10 MB (S3 cannot cap
    // a presigned PUT: the job, or the material's arrival, checks too)
    const isMaterial = grant.key.startsWith('materials/');
    const limit = isMaterial ? MAX_UPLOAD_BYTES : uploadLimit(importFormatOf(grant.contentType));
    let size = 0;
    let tooBig = false;
    const counted = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) {
          tooBig = true;
          done(new Error('too big'));
          return;
        }
        done(null, chunk);
      },
    });
    try {
      await fileStore().put(grant.key, req.pipe(counted), grant.contentType);
    } catch (e) {
      if (tooBig)
        return sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: '文件超过上限' } });
      throw e;
    }
    if (isMaterial) {
      const { materialUploadArrived } = await import('../../functions/acts/materials.js');
      const arrived = await materialUploadArrived(grant.key);
      // R23: then the malware scan, as GuardDuty's on AWS (locally at once: ./malware-scan.ts)
      if (arrived?.state === 'recorded') {
        const { scanLocally } = await import('./malware-scan.js');
        await scanLocally(grant.key);
      }
    } else {
      const { uploadArrived } = await import('../../functions/acts/imports.js');
      await uploadArrived(grant.key);
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('OK');
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.pathname.startsWith(LOCAL_UPLOAD_PATH)) return upload(req, res, url);
    const method = req.method ?? 'GET';
    const matches = table.filter((r) => r.pattern.test(url.pathname));
    const route = matches.find((r) => r.method === method);
    // as API Gateway answers a path no route has for that method: 404, in the one error shape (a 405
    // with code VALIDATION broke the shape's status, found by the full fuzz run)
    if (!route) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: '接口不存在' } });
    const m = route.pattern.exec(url.pathname) as RegExpExecArray;
    // a malformed escape in a path parameter is the caller's mistake: 400, before any other work
    const pathParameters: Record<string, string> = {};
    for (const [i, p] of route.params.entries()) {
      const v = safeDecode(m[i + 1] as string);
      if (v === null) return sendJson(res, 400, badEscape(`path.${p}`));
      pathParameters[p] = v;
    }
    let claims: Record<string, string> | undefined;
    if (!route.public) {
      // the JWT authorizer: no valid token, no call to the handler
      const auth = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      const payload = token ? await opts.issuer.verify(token) : null;
      if (!payload)
        return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: '请先登录（登录已失效）' } });
      claims = claimsAsApiGateway(payload);
    }
    // a route taking a file reads up to one byte past its limit, so the handler names the limit itself
    const limit = route.raw ? route.raw.maxBytes + 1 : MAX_BODY;
    const body = await readBody(req, limit);
    if (body === null) {
      if (beyondDrain(req, limit)) res.setHeader('connection', 'close');
      return sendJson(res, 413, {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `请求内容过大（上限 ${route.raw ? Math.round(route.raw.maxBytes / 1048576) : 1} MB）`,
        },
      });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const now = new Date();
    const routeKey = `${route.method} ${route.path}`;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(route.params.length ? { pathParameters } : {}),
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: headers.host ?? '127.0.0.1',
        domainPrefix: '127',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims
          ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } }
          : {}),
      },
      // as API Gateway passes a file: base64
      ...(body.length ? { body: body.toString(route.raw ? 'base64' : 'utf8') } : {}),
      isBase64Encoded: Boolean(route.raw),
    } as unknown as HttpEvent;
    const handler = await route.load();
    const result = await handler(event, fakeContext(routeKey.replace(/\W+/g, '-')));
    res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    // a binary answer comes base64-encoded, as API Gateway takes it from Lambda
    res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
  }

  function serveFile(res: ServerResponse, file: string, head: boolean) {
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
    });
    if (head) return res.end();
    createReadStream(file).pipe(res);
  }

  function staticFile(res: ServerResponse, url: URL, head: boolean) {
    let root = webRoot;
    let rel = url.pathname;
    for (const [prefix, dir] of Object.entries(opts.staticDirs ?? {})) {
      if (rel.startsWith(prefix)) {
        root = resolve(dir);
        rel = rel.slice(prefix.length - 1);
      }
    }
    const decoded = safeDecode(rel);
    if (decoded === null) return sendJson(res, 400, badEscape('path'));
    const target = normalize(join(root, decoded));
    if (!target.startsWith(root))
      return sendJson(res, 400, { error: { code: 'VALIDATION', message: '路径无效' } });
    const candidates = [target, join(target, 'index.html')];
    for (const f of candidates) {
      if (existsSync(f) && statSync(f).isFile()) return serveFile(res, f, head);
    }
    if (!rel.endsWith('/') && existsSync(join(target, 'index.html'))) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` });
      return res.end();
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>页面不存在</title><p>页面不存在（404）。<a href="/">返回首页</a></p></html>',
    );
  }

  const failed = (res: ServerResponse) => (e: unknown) => {
    console.error('local gateway error:', (e as Error).message);
    if (!res.headersSent)
      sendJson(res, 500, { error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    else res.end();
  };

  // No request, however malformed, may end the process: it carries the API, the lifecycle runner and
  // the outbox printer. A target that is not a URL (`//[`) or carries a broken escape (`/%ff`) is a 400.
  const server = createServer((req, res) => {
    // the headers CloudFront's response-headers policy adds on AWS, from the same definition
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      const url = requestUrl(req.url);
      if (!url) return sendJson(res, 400, { error: { code: 'VALIDATION', message: '请求地址无效' } });
      // the site config the web reads at run time (web/auth.ts): sign in through the local endpoints.
      // On AWS the site's BucketDeployment writes this file with the Cognito ids (infra/constructs/site.ts).
      if (url.pathname === SITE_CONFIG_PATH) return sendJson(res, 200, LOCAL_SITE_CONFIG);
      const work = url.pathname.startsWith('/api/')
        ? api(req, res, url)
        : Promise.resolve().then(() => staticFile(res, url, req.method === 'HEAD'));
      work.catch(failed(res));
    } catch (e) {
      failed(res)(e);
    }
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, '127.0.0.1', () => ok());
  });
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}` };
}
