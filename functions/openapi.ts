/**
 * The API described once: an OpenAPI 3.1 document generated from functions/routes.ts and the routes'
 * zod schemas (zod's own JSON Schema output). Served at /api/openapi.json and kept in
 * docs/openapi.json (`npm run openapi` writes it; a test fails when the file is out of date). Provincial
 * systems that push passing lists or read results integrate against it.
 */

import type * as z4 from 'zod/v4/core';
import * as z from './domain/zod.js';
import { type RouteSpec, routes } from './routes.js';

type Json = Record<string, unknown>;

const jsonSchema = (s: z4.$ZodType): Json => {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: [
            'VALIDATION',
            'UNAUTHENTICATED',
            'FORBIDDEN',
            'NOT_FOUND',
            'CONFLICT',
            'DEADLINE_PASSED',
            'LOCKED',
            'TOO_MANY_REQUESTS',
            'INTERNAL',
          ],
        },
        message: { type: 'string', description: 'what went wrong and how to fix it, in Chinese' },
        details: {
          type: 'object',
          properties: {
            fields: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
          additionalProperties: true,
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Path or query parameters from an object schema. */
function parameters(where: 'path' | 'query', schema: z4.$ZodType | undefined): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: p,
  }));
}

function operation(r: RouteSpec): Json {
  const params = [...parameters('path', r.input.path), ...parameters('query', r.input.query)];
  return {
    operationId: r.exportName,
    summary: r.summary,
    tags: [r.module],
    ...(r.access === 'public' ? { security: [] } : {}),
    'x-access': r.access,
    ...(params.length ? { parameters: params } : {}),
    ...(r.input.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(r.input.body) } },
          },
        }
      : {}),
    // a file as the body: each content type it takes, as bytes, with the most it takes
    ...(r.input.raw
      ? {
          requestBody: {
            required: true,
            description: `the file itself, at most ${r.input.raw.maxBytes} bytes`,
            content: Object.fromEntries(
              r.input.raw.types.map((t) => [
                t,
                { schema: { type: 'string', format: 'binary', maxLength: r.input.raw?.maxBytes } },
              ]),
            ),
          },
        }
      : {}),
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
      ...(r.input.path || r.input.query || r.input.body || r.input.raw
        ? { '400': errorResponse('invalid input: `details.fields` names each field') }
        : {}),
      ...(r.input.raw
        ? {
            '413': errorResponse('the file is over the limit'),
            '415': errorResponse('a content type the route does not take'),
          }
        : {}),
      ...(r.access === 'public'
        ? {}
        : {
            '401': errorResponse('no valid token'),
            '403': errorResponse('this account may not do this'),
            '404': errorResponse('not found, or outside the caller’s scope'),
          }),
      ...(r.method === 'GET' ? {} : { '409': errorResponse('a rule or a concurrent change refuses it now') }),
      '429': errorResponse('too many requests (Retry-After)'),
    },
  };
}

export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, Json>)[r.method.toLowerCase()] = operation(r);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '河南省专业技术人员职业资格考试证书服务 API · Certificate workflow API',
      version: '1',
      description:
        'Post-exam verification, appeals and certificates under 豫人社函〔2024〕25号. Rules: docs/rules.md. ' +
        'Every error has the shape of components.schemas.Error.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'a Cognito ID token (staff or candidate app client); local mode issues the same claims',
        },
      },
      schemas: { Error: errorSchema },
    },
  };
}
