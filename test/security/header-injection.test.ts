import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedGraphService, startScriptedGraphService } from '../helpers/scripted-graph-service.js';

const API_KEY = 'header-injection-api-key-0123';
const CALLER_TOKEN = 'caller-supplied-token-must-not-pass';

const FORBIDDEN = [
  'Authorization',
  'authorization',
  'Host',
  'Content-Length',
  'Connection',
  'Transfer-Encoding',
  'Upgrade',
  'TE',
  'Trailer',
  'Keep-Alive',
  'Proxy-Authorization',
  'Proxy-Connection',
  'Cookie',
  'Expect',
  'client-request-id',
  'Accept-Encoding',
  'X-HTTP-Method-Override',
  'X-Forwarded-For',
];

const MALFORMED = [
  { key: 'X-Test\r\nAuthorization', value: `Bearer ${CALLER_TOKEN}` },
  { key: 'X-Test', value: `ok\r\nAuthorization: Bearer ${CALLER_TOKEN}` },
  { key: 'X-Test', value: 'ok\r\n\r\nGET /v1.0/admin HTTP/1.1' },
  { key: 'X-Test', value: 'ok\nHost: evil.example' },
  { key: 'X-Test', value: 'ok\u0000' },
  { key: 'X Test', value: 'space in name' },
  { key: 'X-Test:', value: 'colon in name' },
  { key: 'X-Tést', value: 'non-token name' },
  { key: 'X-Test', value: 'non-latin1 \u2028 value' },
];

describe('header injection through the custom call', () => {
  let service: ScriptedGraphService;

  beforeAll(async () => {
    service = await startScriptedGraphService(
      { 'GET /v1.0/users': { status: 200, json: { value: [] } } },
      { env: { API_KEYS: API_KEY } },
    );
    service.secrets.add(API_KEY).add(CALLER_TOKEN);
  });
  afterAll(() => service.close());

  const custom = (headers: Array<{ key: string; value: string }>) =>
    service.call(
      'make-a-custom-api-call',
      { endpoint: '/users', method: 'GET', headers },
      { authorization: `Bearer ${API_KEY}` },
    );

  it('refuses each forbidden header with FORBIDDEN_HEADER, sending nothing', async () => {
    for (const key of FORBIDDEN) {
      const response = await custom([{ key, value: 'x' }]);
      expect(response.status, key).toBe(400);
      expect(response.body.code, key).toBe('FORBIDDEN_HEADER');
      expect(response.body.detail, key).toContain(key);
    }
    expect(service.graph.received).toEqual([]);
  });

  it('refuses CRLF, NUL and malformed names or values with INVALID_HEADER (or schema 400), sending nothing', async () => {
    for (const entry of MALFORMED) {
      const response = await custom([entry]);
      expect(response.status, JSON.stringify(entry)).toBe(400);
      expect(['INVALID_HEADER', 'VALIDATION_FAILED']).toContain(response.body.code);
      expect(JSON.stringify(response.body)).not.toContain(CALLER_TOKEN);
    }
    expect(service.graph.received).toEqual([]);
  });

  it("sends allowed headers as given, and only the connection's token, never the caller's API key", async () => {
    const response = await custom([
      { key: 'ConsistencyLevel', value: 'eventual' },
      { key: 'Prefer', value: 'return=minimal' },
      { key: 'X-Custom', value: 'tab\tinside' },
    ]);
    expect(response.status).toBe(200);
    expect(service.graph.received).toHaveLength(1);
    const sent = service.graph.received[0]!.headers;
    expect(sent.consistencylevel).toBe('eventual');
    expect(sent.prefer).toBe('return=minimal');
    expect(sent['x-custom']).toBe('tab\tinside');
    expect(sent.authorization).toBe(`Bearer token-for-${service.config.defaultConnection!.clientId}`);
    expect(JSON.stringify(sent)).not.toContain(API_KEY);
    expect(sent.host).toBe(new URL(service.graph.origin).host);
  });
});
