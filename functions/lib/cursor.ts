/**
 * Page cursors handed to clients: the position as plain values (never storage keys), bound to the
 * query it belongs to, and signed (HMAC-SHA256 under a key derived from the server's secret), so a
 * tampered, foreign or truncated cursor is refused with a 400 instead of reaching DynamoDB.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as z4 from 'zod/v4/core';
import { DomainError } from '../domain/errors.js';
import * as z from '../domain/zod.js';

function macKey(): Buffer {
  const secret = process.env.PERSON_ID_KEY;
  if (!secret) throw new Error('PERSON_ID_KEY is not set');
  return createHmac('sha256', secret).update('page-cursor/v1').digest();
}

const mac = (context: string, body: string) =>
  createHmac('sha256', macKey()).update(`${context}\n${body}`).digest().subarray(0, 18);

/** A cursor for `position` in the query named by `context` (e.g. the exam and the filters). */
export function signCursor(context: string, position: unknown): string {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${mac(context, body).toString('base64url')}`;
}

const invalid = (field: string) =>
  new DomainError('VALIDATION', '分页参数无效，请从第一页重新开始', {
    fields: [{ field, message: '分页参数无效或不属于这个查询' }],
  });

/** The position a cursor carries, if it was signed by this server for this very query; 400 otherwise. */
export function readCursor<T>(
  context: string,
  cursor: string,
  schema: z4.$ZodType<T>,
  field = 'query.cursor',
): T {
  const [body, sig, extra] = cursor.split('.');
  if (!body || !sig || extra !== undefined) throw invalid(field);
  const given = Buffer.from(sig, 'base64url');
  const want = mac(context, body);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw invalid(field);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid(field);
  }
  const r = z.safeParse(schema, value);
  if (!r.success) throw invalid(field);
  return r.data;
}
