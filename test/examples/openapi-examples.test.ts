import { Value } from '@sinclair/typebox/value';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/capabilities/registry.js';
import { type DocumentedCall, documentedCalls } from '../helpers/documented-calls.js';
import { type SandboxService, startSandboxService } from '../helpers/sandbox-service.js';

async function send(service: SandboxService, call: DocumentedCall) {
  const response = await request(`${service.url}${call.path}`, {
    method: call.method as 'GET',
    headers: call.body === undefined ? {} : { 'content-type': 'application/json' },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text };
}

async function servedDocument(service: SandboxService) {
  const response = await request(`${service.url}/openapi.json`);
  return response.body.json();
}

describe('every example of the OpenAPI document, against a fresh sandbox', () => {
  let service: SandboxService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('every operation answers 2xx when called with its examples, one after another in one sandbox', async () => {
    service = await startSandboxService();
    const calls = documentedCalls(await servedDocument(service));
    // Every capability is among them, so a new capability's example is run as soon as it is registered.
    const operationIds = calls.map((call) => call.operationId);
    for (const capability of CAPABILITIES) expect(operationIds).toContain(capability.operationId);
    for (const call of calls) {
      const { status, text } = await send(service, call);
      expect(
        status,
        `${call.method} ${call.path} ${JSON.stringify(call.body)} answered ${text}`,
      ).toBeGreaterThanOrEqual(200);
      expect(status, `${call.method} ${call.path} answered ${text}`).toBeLessThan(300);
    }
  });

  it("each capability's example works on its own, as the first call a person makes in the explorer, and gets the documented answer", async () => {
    const document = await (async () => {
      service = await startSandboxService();
      const served = await servedDocument(service);
      await service.close();
      service = undefined;
      return served;
    })();
    const byOperation = new Map(documentedCalls(document).map((call) => [call.operationId, call]));
    for (const capability of CAPABILITIES) {
      const call = byOperation.get(capability.operationId)!;
      service = await startSandboxService();
      const { status, text } = await send(service, call);
      expect(status, `${capability.id} alone answered ${text}`).toBe(200);
      // The documented answer is the one the example gets: same Graph status, same envelope fields.
      const documented = capability.outputExample?.output;
      const answered = JSON.parse(text).output;
      expect(documented, `${capability.id} documents no outputExample`).toBeDefined();
      expect(documented?.['statusCode'], capability.id).toBe(answered.statusCode);
      expect(Object.keys(documented ?? {}).sort(), capability.id).toEqual(Object.keys(answered).sort());
      expect(
        Value.Errors(capability.output, capability.outputExample).First(),
        capability.id,
      ).toBeUndefined();
      await service.close();
      service = undefined;
    }
  }, 60_000);
});
