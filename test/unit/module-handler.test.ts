/**
 * One Lambda function per handler module (infra/constructs/api.ts) runs functions/lib/module-handler.ts:
 * by API Gateway's routeKey to the export the route names; a routeKey the module does not serve is a 404
 * in the one error shape; a route whose export is missing fails at load. Every module of the route list
 * serves all its routes.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '../../functions/lib/http.js';
import { moduleHandler, routesOf } from '../../functions/lib/module-handler.js';
import { type HandlerModule, type RouteSpec, routes } from '../../functions/routes.js';

const spec = (method: RouteSpec['method'], path: string, exportName: string): RouteSpec => ({
  method,
  path,
  module: 'exams',
  exportName,
  summary: '',
  access: 'public',
  input: {},
  reads: [],
  writes: [],
  personIdKey: false,
  lifecycle: 'none',
  startsJobs: false,
});
const list = [
  spec('GET', '/api/exams/{examId}', 'getOne'),
  spec('POST', '/api/exams/{examId}/appeal', 'postAppeal'),
  { ...spec('GET', '/api/other', 'other'), module: 'me' as const },
];
const event = (routeKey: string) => ({ routeKey, headers: {}, requestContext: {} }) as unknown as HttpEvent;
const context = {} as Context;
const answer =
  (name: string) =>
  async (e: HttpEvent): Promise<HttpResult> => ({ statusCode: 200, body: `${name} ${e.routeKey}` });

describe('a handler module served by one function', () => {
  it('dispatches on the routeKey to the export its route names', async () => {
    const h = moduleHandler('exams', { getOne: answer('getOne'), postAppeal: answer('postAppeal') }, list);
    expect((await h(event('POST /api/exams/{examId}/appeal'), context)).body).toBe(
      'postAppeal POST /api/exams/{examId}/appeal',
    );
    expect((await h(event('GET /api/exams/{examId}'), context)).body).toBe('getOne GET /api/exams/{examId}');
  });

  it("answers a routeKey the module does not serve (another module's, or none) with 404 in the one error shape", async () => {
    const h = moduleHandler('exams', { getOne: answer('getOne'), postAppeal: answer('postAppeal') }, list);
    for (const key of ['GET /api/other', 'DELETE /api/exams/{examId}', '$default']) {
      const r = await h(event(key), context);
      expect([key, r.statusCode]).toEqual([key, 404]);
      expect(r.headers?.['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(String(r.body))).toEqual({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    }
  });

  it('fails at load, naming the module, export and route, when a route names an export the module lacks', () => {
    expect(() =>
      moduleHandler('exams', { getOne: answer('getOne'), postAppeal: 'not a function' }, list),
    ).toThrow('functions/handlers/exams.ts has no handler postAppeal for POST /api/exams/{examId}/appeal');
  });

  it('loads every handler module the route list names, each serving all its routes', async () => {
    const modules = [...new Set(routes.map((r) => r.module))] as HandlerModule[];
    for (const m of modules) {
      const exports = (await import(`../../functions/handlers/${m}.ts`)) as Record<string, unknown>;
      expect(() => moduleHandler(m, exports, routes)).not.toThrow();
      expect(routesOf(m, routes).length).toBeGreaterThan(0);
    }
    // end to end through a real module: the public API document
    const openapi = moduleHandler('openapi', await import('../../functions/handlers/openapi.js'), routes);
    const r = await openapi(event('GET /api/openapi.json'), context);
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(String(r.body)).openapi).toMatch(/^3\.1/);
    // importing every module takes a few seconds on a busy machine
  }, 30_000);
});
