import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphCaller } from '../../src/graph/graph-request.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { expectNoInternals } from './no-internals.js';

const INTERNAL_MESSAGE = 'cannot read internalState of undefined at /app/src/secret-module.ts:12:34';

/** A Graph client stand-in that fails the way a bug would: with an unexpected error. */
const throwingGraph: GraphCaller = {
  cloud: { graphBaseUrl: 'https://graph.invalid', authorityHost: 'https://login.invalid' },
  async send() {
    const error = new TypeError(INTERNAL_MESSAGE);
    error.stack = `TypeError: ${INTERNAL_MESSAGE}\n    at send (/app/src/graph/graph-client.ts:99:9)\n    at async run (file:///app/src/x.js:1:1)`;
    throw error;
  },
};

describe('no stack traces or internal messages in any response', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      dependencies: { graph: throwingGraph },
      env: { BODY_LIMIT_BYTES: '2048' },
    });
  });
  afterAll(() => service.close());

  it('has a checker that catches what it looks for', async () => {
    const leak = (text: string) => () => expectNoInternals(text);
    expect(leak(`{"detail":"${INTERNAL_MESSAGE}"}`)).toThrow();
    expect(leak('    at Object.<anonymous> (src/app.ts:1:2)')).toThrow();
    expect(leak('TypeError: x is not a function')).toThrow();
    expect(leak('{"code":"INTERNAL_ERROR","detail":"An unexpected error occurred."}')).not.toThrow();
  });

  it('answers an internal failure with a bare 500 INTERNAL_ERROR naming only the request id', async () => {
    for (const [capability, body] of [
      ['read-user', { userId: 'adele@contoso.onmicrosoft.com' }],
      ['make-a-custom-api-call', { endpoint: '/users', method: 'GET' }],
      ['delete-user', { userId: 'adele@contoso.onmicrosoft.com' }],
    ] as const) {
      const response = await service.call(capability, body);
      expect(response.status, capability).toBe(500);
      expect(response.body).toMatchObject({ code: 'INTERNAL_ERROR', source: 'service' });
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain('internalState');
      expect(text).not.toContain('secret-module');
      expectNoInternals(text, capability);
    }
  });

  it('keeps request-shape errors free of internals too', async () => {
    const responses = [
      await service.http('POST', '/capabilities/read-user', '{"userId": ', {}),
      await service.http('POST', '/capabilities/read-user', JSON.stringify({ userId: 'x'.repeat(4096) })),
      await service.http('POST', '/capabilities/read-user', 'userId=x', { 'content-type': 'text/plain' }),
      // JSON text, not an object literal: in a literal `__proto__` sets the prototype and is never sent.
      await service.http('POST', '/capabilities/read-user', '{"__proto__": {"polluted": true}, "userId": 1}'),
      await service.http(
        'POST',
        '/capabilities/read-user',
        '{"constructor": {"prototype": {"polluted": true}}, "userId": "a@b.com"}',
      ),
      await service.http('GET', '/capabilities/%E0%A4%A'),
      await service.http('DELETE', '/docs/../../etc/passwd'),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 413, 415, 400, 400, 400, 404]);
    // Refused as a whole (Fastify's onProtoPoisoning), not parsed with the key dropped.
    expect(responses.slice(3, 5).map((r) => r.body.code)).toEqual(['INVALID_JSON', 'INVALID_JSON']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const response of responses)
      expectNoInternals(JSON.stringify(response.body), String(response.status));
  });
});
