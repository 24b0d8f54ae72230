/**
 * The layers hold: the domain core is pure (no AWS SDK, no Node I/O, nothing from lib/acts/handlers);
 * handlers are thin adapters that reach data only through the acts (no DynamoDB client, no store, no
 * fan-out); acts never import handlers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'";]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
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
      expect([f, importsOf(f).some((i) => /\.\.\/(acts\/|routes\.js|lib\/http\.js)/.test(i))]).toEqual([
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
});
