/**
 * Writes openapi/openapi.json from the app itself (`npm run openapi`), so the committed document
 * is exactly what /openapi.json serves. A test fails when the two drift.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from './openapi-document.js';

const target = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));
await writeFile(target, await renderOpenApiDocument());
process.stdout.write(`wrote ${target}\n`);
