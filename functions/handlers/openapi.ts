import { httpHandler } from '../lib/http.js';
import { openApiDocument } from '../openapi.js';
import { api } from '../routes/openapi.js';

let doc: unknown;

/** GET /api/openapi.json — this API as OpenAPI 3.1, generated from functions/routes.ts (public). */
export const getOpenApi = httpHandler(api.openapi, async () => {
  doc ??= openApiDocument();
  return { status: 200, body: doc, headers: { 'cache-control': 'public, max-age=300' } };
});
