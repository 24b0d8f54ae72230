/**
 * The one way an HTTP handler is built: middy, zod schemas for path, query and body, identity from the
 * JWT authorizer's claims, and every failure answered in the one error shape
 * `{ error: { code, message, details? } }`.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z4 from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { staffRoles } from '../domain/departments.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { AUDIENCE, CLAIMS, hasStaffMfa, MFA_REQUIRED_MESSAGE, type Principal } from '../domain/principal.js';
import type { Access, RouteInput } from '../routes/spec.js';
import { logger } from './logger.js';
import { fromOrigin } from './origin.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** A DomainError in the one error shape, with its status (and `retry-after` when it says how long). */
export function errorResult(e: DomainError): HttpResult {
  const headers: Record<string, string> = {};
  const retry = e.details?.retryAfterSeconds;
  if (typeof retry === 'number') headers['retry-after'] = String(retry);
  return json(e.status, e.toBody(), headers);
}

/** DynamoDB's refusal of an item over its 400 KB (a ValidationException, not retried). */
const itemTooLarge = (e: unknown) =>
  e instanceof Error && e.name === 'ValidationException' && /Item size has exceeded/.test(e.message);

/** zod issues → field messages the form can show next to each field. */
export function fieldIssues(error: z4.$ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
}

export function parseOrThrow<T>(schema: z4.$ZodType<T>, value: unknown, prefix: string): T {
  const r = safeParse(schema, value);
  if (!r.success) {
    const fields = fieldIssues(r.error, prefix);
    throw new DomainError('VALIDATION', fields[0]?.message ?? '输入有误', { fields });
  }
  return r.data;
}

/** API Gateway passes array claims as the string "[a b]"; local tokens pass them the same way. */
function claimList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string') return [];
  return v
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The caller, read only from the authorizer's claims. A staff token without TOTP on AWS is refused
 * (401 with its own message) rather than read as nobody.
 */
export function principalOf(event: HttpEvent): Principal | null {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) return null;
  const aud = claimList(claims.aud);
  const sub = String(claims.sub ?? '');
  if (aud.includes(process.env.CANDIDATE_CLIENT_ID ?? AUDIENCE.candidate)) {
    const personId = String(claims[CLAIMS.username] ?? '');
    return personId ? { kind: 'candidate', personId } : null;
  }
  if (aud.includes(process.env.STAFF_CLIENT_ID ?? AUDIENCE.staff)) {
    const role = claimList(claims[CLAIMS.groups]).find((g) => (staffRoles as readonly string[]).includes(g));
    const deptId = String(claims[CLAIMS.dept] ?? '');
    if (!role || !deptId) return null;
    // on AWS (the staff client's id is set) a staff token counts only with TOTP enrolled (R1)
    if (process.env.STAFF_CLIENT_ID && !hasStaffMfa(claims))
      throw new DomainError('UNAUTHENTICATED', MFA_REQUIRED_MESSAGE);
    return { kind: 'staff', username: String(claims[CLAIMS.username] ?? sub), role: role as never, deptId };
  }
  return null;
}

/**
 * The caller's network address: the API Gateway source address, or — behind CloudFront, where that is
 * CloudFront's — the viewer address that the distribution's viewer-request function writes into
 * `x-viewer-address` (replacing whatever the caller sent), trusted only when TRUST_VIEWER_ADDRESS is set.
 */
export function clientAddressOf(event: HttpEvent, env = process.env): string {
  if (env.TRUST_VIEWER_ADDRESS === '1') {
    const v = event.headers?.['x-viewer-address']?.trim();
    if (v) return v;
  }
  return event.requestContext?.http?.sourceIp ?? 'unknown';
}

type PrincipalFor<A extends Access> = A extends 'public'
  ? Principal | null
  : A extends 'staff'
    ? Extract<Principal, { kind: 'staff' }>
    : A extends 'candidate'
      ? Extract<Principal, { kind: 'candidate' }>
      : Principal;

/** What a handler needs of its route (functions/routes.ts): who may call it and its input schemas. */
export interface HandlerSpec {
  access: Access;
  input: RouteInput;
}

type Parsed<Z, Else> = Z extends z4.$ZodType ? z4.output<Z> : Else;

export interface HandlerInput<S extends HandlerSpec> {
  who: PrincipalFor<S['access']>;
  path: Parsed<S['input']['path'], Record<string, never>>;
  query: Parsed<S['input']['query'], Record<string, never>>;
  body: Parsed<S['input']['body'], undefined>;
  /** a route taking a file (`input.raw`): its bytes and declared content type */
  raw: S['input']['raw'] extends object ? { bytes: Buffer; contentType: string | undefined } : undefined;
  event: HttpEvent;
}

/**
 * A handler's answer: a body (200), a status with a body, a status with text (a CSV download, an HTML
 * page), or a status with bytes (a document download; base64 in the Lambda result, as API Gateway takes it).
 */
export type Reply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers: Record<string, string> }
  | { status: number; bytes: Buffer; headers: Record<string, string> }
  | object;

function isReply(r: Reply): r is { status: number; body: unknown; headers?: Record<string, string> } {
  return typeof (r as { status?: unknown }).status === 'number' && 'body' in r;
}
function isBytes(r: Reply): r is { status: number; bytes: Buffer; headers: Record<string, string> } {
  return (
    typeof (r as { status?: unknown }).status === 'number' &&
    Buffer.isBuffer((r as { bytes?: unknown }).bytes)
  );
}
function isText(r: Reply): r is { status: number; text: string; headers: Record<string, string> } {
  return (
    typeof (r as { status?: unknown }).status === 'number' &&
    typeof (r as { text?: unknown }).text === 'string'
  );
}

/**
 * A handler for a route of functions/routes.ts: identity from the claims, checked against the route's
 * access; path, query and body parsed with the route's schemas (400 naming the field); then `fn`, which
 * calls the act and shapes the view. Every failure leaves in the one error shape.
 */
export function httpHandler<S extends HandlerSpec>(spec: S, fn: (input: HandlerInput<S>) => Promise<Reply>) {
  const base = async (event: HttpEvent): Promise<HttpResult> => {
    const who = principalOf(event);
    if (spec.access !== 'public') {
      if (!who) throw new DomainError('UNAUTHENTICATED', '请先登录');
      if (spec.access !== 'any' && who.kind !== spec.access) {
        throw new DomainError('FORBIDDEN', '当前账号无权使用此功能');
      }
    }
    const { input } = spec;
    const path = input.path ? parseOrThrow(input.path, event.pathParameters ?? {}, 'path') : {};
    const query = input.query ? parseOrThrow(input.query, event.queryStringParameters ?? {}, 'query') : {};
    let body: unknown;
    if (input.body) {
      let raw: unknown;
      try {
        const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : event.body;
        raw = text ? JSON.parse(text) : {};
      } catch {
        throw new DomainError('VALIDATION', '请求内容不是有效的 JSON', {
          fields: [{ field: 'body', message: '请求内容不是有效的 JSON' }],
        });
      }
      body = parseOrThrow(input.body, raw, input.bodyField ?? '');
    }
    const raw = input.raw
      ? {
          bytes: event.isBase64Encoded
            ? Buffer.from(event.body ?? '', 'base64')
            : Buffer.from(event.body ?? '', 'utf8'),
          contentType: event.headers?.['content-type'],
        }
      : undefined;
    const reply = await fn({ who, path, query, body, raw, event } as HandlerInput<S>);
    if (isBytes(reply))
      return {
        statusCode: reply.status,
        headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...reply.headers },
        body: reply.bytes.toString('base64'),
        isBase64Encoded: true,
      };
    if (isText(reply))
      return {
        statusCode: reply.status,
        headers: { 'cache-control': 'no-store', ...reply.headers },
        body: reply.text,
      };
    return isReply(reply) ? json(reply.status, reply.body, reply.headers) : json(200, reply);
  };
  return middy<HttpEvent, HttpResult>(base).use({
    // first: a request that did not come through CloudFront does no work (functions/lib/origin.ts)
    before: async (request) => {
      if (!fromOrigin(request.event?.headers))
        throw new DomainError('FORBIDDEN', '请通过本系统的网站访问（请求未经 CloudFront）');
    },
    onError: async (request) => {
      const e = request.error;
      if (e instanceof DomainError) {
        request.response = errorResult(e);
        return;
      }
      if (itemTooLarge(e)) {
        // a schema without a longest length let a value through that DynamoDB cannot hold (400 KB an
        // item): the caller's input, so a 413 in the one shape; every route field is bounded
        // (test/unit/route-bounds.test.ts), so this is a net, logged to be mended
        logger.warn('item too large for DynamoDB', { routeKey: request.event?.routeKey });
        request.response = errorResult(new DomainError('PAYLOAD_TOO_LARGE', '提交的内容过大，请缩短后重试'));
        return;
      }
      logger.error('unhandled error', { error: e as Error, routeKey: request.event?.routeKey });
      request.response = json(500, { error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    },
  });
}
