/** The API described once: the OpenAPI document lists every route, each with real input schemas. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/openapi.js';
import { routes } from '../../functions/routes.js';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi.js';

type Op = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  security?: unknown[];
};
const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Op>> };
const opOf = (r: { method: string; path: string }) => doc.paths[r.path]?.[r.method.toLowerCase()];

/** A schema that says nothing: {}, or one without a type, a reference or properties. */
const isEmpty = (s: Record<string, unknown> | undefined) =>
  !s || Object.keys(s).length === 0 || (!s.type && !s.$ref && !s.anyOf && !s.oneOf && !s.properties);

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route of functions/routes.ts, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const r of routes)
      expect([r.method, r.path, opOf(r)?.operationId]).toEqual([r.method, r.path, r.exportName]);
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(listed.sort()).toEqual(routes.map((r) => `${r.method.toLowerCase()} ${r.path}`).sort());
  });

  it('documents a real body schema for every route that takes a body, and none where none is read', () => {
    const withBody = routes.filter((r) => r.method === 'POST' || r.method === 'PUT');
    expect(withBody.length).toBeGreaterThan(3);
    for (const r of routes) {
      if (r.input.raw) {
        // a file as the body: each content type it takes, as binary
        const content: Record<string, { schema?: unknown }> = opOf(r)?.requestBody?.content ?? {};
        expect([r.path, Object.keys(content).sort()]).toEqual([r.path, [...r.input.raw.types].sort()]);
        for (const t of r.input.raw.types)
          expect(content[t]?.schema).toMatchObject({ type: 'string', format: 'binary' });
        continue;
      }
      const schema = opOf(r)?.requestBody?.content['application/json'].schema;
      if (!r.input.body) {
        expect([r.path, schema]).toEqual([r.path, undefined]);
        continue;
      }
      expect([r.path, isEmpty(schema)]).toEqual([r.path, false]);
      expect([r.path, schema?.type]).toEqual([r.path, 'object']);
      expect([r.path, Object.keys((schema?.properties as object) ?? {}).length > 0]).toEqual([r.path, true]);
    }
    // every write route reads a body: none declares z.unknown() or leaves it out
    for (const r of withBody) expect([r.path, !!(r.input.body || r.input.raw)]).toEqual([r.path, true]);
  });

  it('names every path parameter, each with a schema', () => {
    for (const r of routes) {
      const inPath = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (opOf(r)?.parameters ?? []).filter((p) => p.in === 'path');
      expect([r.path, params.map((p) => p.name).sort()]).toEqual([r.path, [...inPath].sort()]);
      for (const p of params) expect([r.path, p.name, isEmpty(p.schema)]).toEqual([r.path, p.name, false]);
    }
  });

  it('marks public routes as needing no token', () => {
    for (const r of routes) {
      expect([r.path, opOf(r)?.security]).toEqual([r.path, r.access === 'public' ? [] : undefined]);
    }
  });

  it(`is kept in ${OPENAPI_FILE} (npm run openapi writes it)`, () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });
});
