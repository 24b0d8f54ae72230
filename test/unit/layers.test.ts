/**
 * The layers hold: the domain core is pure (no AWS SDK, no Node I/O, nothing from lib/acts/handlers);
 * handlers are thin adapters that reach data only through the acts (no DynamoDB client, no store, no
 * fan-out); acts never import handlers. A handler module's function holds only its own routes: nothing
 * a handler or the module dispatcher loads reaches the list of all routes (functions/routes.ts), which
 * is exactly the union of the modules' route files (functions/routes/<module>.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, type HandlerModule, type RouteSpec, routes } from '../../functions/routes.js';

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
/** What a module loads at run time: its imports but not `import type` (which esbuild drops). */
const valueImportsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)(\s+type\b)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !m[2])
    .map((m) => m[3] as string);
/** Every file under functions/ a module loads, transitively (relative imports, `.js` written for `.ts`). */
function loadedBy(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const i of valueImportsOf(f)) {
      if (!i.startsWith('.')) continue;
      const ts = normalize(join(dirname(f), i)).replace(/\.js$/, '.ts');
      if (existsSync(ts)) visit(ts);
    }
  };
  visit(file);
  return seen;
}
const filesIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));

describe('layers', () => {
  it('the domain core imports no AWS SDK, no Node I/O and nothing outside functions/domain', () => {
    const bad = filesIn('functions/domain').flatMap((f) =>
      importsOf(f)
        .filter(
          (i) =>
            i.startsWith('@aws-sdk') || i.startsWith('node:') || (i.startsWith('.') && !i.startsWith('./')),
        )
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('handlers reach data only through the acts: no DynamoDB client, store or fan-out', () => {
    const forbidden =
      /^(@aws-sdk\/(client-dynamodb|lib-dynamodb)|\.\.\/lib\/(db|candidates|catalog|calendar|outbox|login-codes|rate-limit|cursor|ids)\.js)$/;
    const bad = filesIn('functions/handlers').flatMap((f) =>
      importsOf(f)
        .filter((i) => forbidden.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
    // the check reads real imports: every handler imports something from the acts or the routes
    for (const f of filesIn('functions/handlers'))
      expect([f, importsOf(f).some((i) => /\.\.\/(acts\/|routes\/|lib\/http\.js)/.test(i))]).toEqual([
        f,
        true,
      ]);
  });

  it('acts never import handlers', () => {
    const bad = filesIn('functions/acts').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.includes('/handlers/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("no handler, nor the module dispatcher, loads the list of all routes: a function bundles only its module's", () => {
    // the route walk sees real imports: the handlers load their own route files
    expect(loadedBy('functions/handlers/exams.ts').has(join('functions', 'routes', 'exams.ts'))).toBe(true);
    const aggregate = join('functions', 'routes.ts');
    const loaders = [
      ...filesIn('functions/handlers').filter(
        // the API document is made of every route: its module alone loads them all
        (f) => f !== join('functions', 'handlers', 'openapi.ts'),
      ),
      join('functions', 'lib', 'module-handler.ts'),
      join('functions', 'lib', 'http.ts'),
    ];
    const bad = loaders.filter((f) => loadedBy(f).has(aggregate));
    expect(bad).toEqual([]);
    // each handler imports its own route file, no other module's
    for (const f of filesIn('functions/handlers')) {
      const own = `../routes/${f.replace(/^.*\/|\.ts$/g, '')}.js`;
      const others = importsOf(f).filter(
        (i) => i.startsWith('../routes') && i !== own && i !== '../routes/params.js',
      );
      expect([f, others]).toEqual([f, []]);
    }
  });
});

describe("the route list is the union of the modules' route files", () => {
  const moduleFiles = readdirSync('functions/routes')
    .filter((f) => f.endsWith('.ts') && f !== 'spec.ts' && f !== 'params.ts')
    .map((f) => f.replace(/\.ts$/, '') as HandlerModule);

  it("every module file's routes name only its own module, and its api is its routes", async () => {
    for (const m of moduleFiles) {
      const file = (await import(`../../functions/routes/${m}.ts`)) as {
        api: Record<string, RouteSpec>;
        routes: readonly RouteSpec[];
      };
      expect([m, file.routes.map((r) => r.module)]).toEqual([m, file.routes.map(() => m)]);
      expect(file.routes).toEqual(Object.values(file.api));
      // the same entries, under the same keys, in the list of all routes
      for (const [k, r] of Object.entries(file.api))
        expect([m, k, (api as Record<string, RouteSpec>)[k] === r]).toEqual([m, k, true]);
    }
  });

  it("the list of all routes holds every module file's entries and nothing else", async () => {
    const union: RouteSpec[] = [];
    for (const m of moduleFiles)
      union.push(
        ...((await import(`../../functions/routes/${m}.ts`)) as { routes: readonly RouteSpec[] }).routes,
      );
    expect(routes.length).toBe(union.length);
    expect(new Set(routes)).toEqual(new Set(union));
    expect(routes).toEqual(Object.values(api));
    // one file per module that serves routes
    expect(new Set(moduleFiles)).toEqual(new Set(routes.map((r) => r.module)));
  });
});
