/**
 * What the handler middleware (functions/lib/http.ts) answers when an act fails outside the domain's
 * errors: DynamoDB refusing an item over its 400 KB is the caller's input (413 in the one error shape);
 * anything else is a 500 that says nothing of the cause.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type HttpEvent, httpHandler } from '../../functions/lib/http.js';

const event = { headers: {}, requestContext: { http: { sourceIp: '192.0.2.1' } } } as unknown as HttpEvent;
const failing = (e: Error) =>
  httpHandler({ access: 'public', input: {} }, async () => {
    throw e;
  });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('errors outside the domain', () => {
  it('an item DynamoDB refuses as too large is a 413 PAYLOAD_TOO_LARGE; other failures a 500 INTERNAL', async () => {
    const big = await failing(
      named('ValidationException', 'Item size has exceeded the maximum allowed size'),
    )(event, {} as Context);
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body as string).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    for (const e of [
      named('ValidationException', 'One or more parameter values were invalid'),
      named('ProvisionedThroughputExceededException', 'Item size has exceeded the maximum allowed size'),
      new Error('boom'),
    ]) {
      const res = await failing(e)(event, {} as Context);
      expect(res.statusCode).toBe(500);
      expect(JSON.parse(res.body as string).error).toEqual({
        code: 'INTERNAL',
        message: '系统繁忙，请稍后再试',
      });
    }
  });
});
