/**
 * npm run openapi: writes docs/openapi.json, the API described once, from functions/routes.ts
 * (the same document the server answers at /api/openapi.json). A unit test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../functions/openapi.js';

export const OPENAPI_FILE = 'docs/openapi.json';
export const renderOpenApi = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
