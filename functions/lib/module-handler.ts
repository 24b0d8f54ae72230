/**
 * One Lambda function per handler module (functions/handlers/<module>.ts) serves all that module's
 * routes (infra/constructs/api.ts): this is its entry point. It looks up API Gateway's `routeKey`
 * (`"POST /api/exams/{examId}/appeal"`) in the route list it is given and calls the module's export the
 * route names (`exportName`), an ordinary `httpHandler`. A Lambda function is given its module's own list
 * (functions/routes/<module>.ts, by its generated entry: infra/constructs/functions.ts), so its bundle
 * holds no other module's routes; this file imports no route list. The local gateway
 * (scripts/local/server.ts) calls the same dispatcher with the whole list (functions/routes.ts), so a
 * route answers locally exactly as on AWS. A route list entry whose export is
 * missing fails at load (cold start, or the first local request), not on some later request.
 */
import type { Context } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import type { HandlerModule, RouteSpec } from '../routes/spec.js';
import { errorResult, type HttpEvent, type HttpResult } from './http.js';
import { logger } from './logger.js';

export type RouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** `METHOD path`, as API Gateway writes `routeKey` for a route of functions/routes.ts. */
export const routeKeyOf = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The routes one module serves. */
export const routesOf = (module: HandlerModule, list: readonly RouteSpec[]) =>
  list.filter((r) => r.module === module);

/**
 * The handler of a module's function (its routes in `list`: its own route file's, or all of them): by `event.routeKey` to the export its route names; a routeKey
 * the module does not serve is a 404 in the one error shape.
 */
export function moduleHandler(
  module: HandlerModule,
  exports: Record<string, unknown>,
  list: readonly RouteSpec[],
): RouteHandler {
  const byKey = new Map<string, RouteHandler>();
  for (const r of routesOf(module, list)) {
    const h = exports[r.exportName];
    if (typeof h !== 'function')
      throw new Error(
        `functions/handlers/${module}.ts has no handler ${r.exportName} for ${routeKeyOf(r)} (functions/routes.ts)`,
      );
    byKey.set(routeKeyOf(r), h as RouteHandler);
  }
  return async (event, context) => {
    const h = byKey.get(event.routeKey);
    if (h) return h(event, context);
    logger.warn('no route for this routeKey in this module', { module, routeKey: event.routeKey });
    return errorResult(new DomainError('NOT_FOUND', '接口不存在'));
  };
}
