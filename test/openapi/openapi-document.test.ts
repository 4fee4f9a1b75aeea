import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../scripts/openapi-document.js';
import { CAPABILITIES } from '../../src/capabilities/registry.js';

describe('the OpenAPI document', () => {
  it('matches the committed openapi/openapi.json (run `npm run openapi` after changing a schema)', async () => {
    const committed = await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(await renderOpenApiDocument());
  });

  it('describes every capability with its operationId, an example and its error responses', async () => {
    const document = JSON.parse(await renderOpenApiDocument());
    for (const capability of CAPABILITIES) {
      const operation = document.paths[`/capabilities/${capability.id}`]?.post;
      expect(operation, capability.id).toBeDefined();
      expect(operation.operationId).toBe(capability.operationId);
      const media = operation.requestBody.content['application/json'];
      expect(media.example ?? media.examples, `${capability.id} example`).toBeDefined();
      for (const status of ['200', '400', '401', '502', ...capability.errorStatuses.map(String)]) {
        expect(operation.responses[status], `${capability.id} ${status}`).toBeDefined();
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
