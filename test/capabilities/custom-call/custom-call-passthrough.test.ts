import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_BODY_LIMIT_BYTES } from '../../../src/graph/raw-body.js';
import {
  type ScriptedGraphService,
  startScriptedGraphService,
} from '../../helpers/scripted-graph-service.js';
import {
  type Answer,
  graphErrorBody,
  type ScriptedOrigin,
  startScriptedOrigin,
} from '../../helpers/scripted-origin.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);
const DEFAULT = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'default-secret~PassThrough-0001',
};
const NAMED = {
  tenantId: '33333333-3333-4333-8333-333333333333',
  clientId: '44444444-4444-4444-8444-444444444444',
  clientSecret: 'named-secret~PassThrough-0002',
};
const BODY = {
  tenantId: '55555555-5555-4555-8555-555555555555',
  clientId: '66666666-6666-4666-8666-666666666666',
  clientSecret: 'body-secret~PassThrough-0003',
};

/** Graph's 503, answered to a route's first request only. */
const unavailableOnce: Answer[] = [
  { status: 503, json: graphErrorBody('serviceNotAvailable', 'Try later.'), headers: { 'retry-after': '0' } },
  { status: 204 },
];

describe('make-a-custom-api-call pass-through, retries and connections (scripted Graph)', () => {
  let service: ScriptedGraphService;
  let elsewhere: ScriptedOrigin;

  beforeAll(async () => {
    elsewhere = await startScriptedOrigin({ '*': { status: 200, json: { value: [] } } });
    service = await startScriptedGraphService(
      {
        'GET /v1.0/moved': { status: 302, headers: { location: `http://${elsewhere.hostPort}/v1.0/users` } },
        'GET /v1.0/users/u1/photo/$value': {
          status: 200,
          headers: { 'content-type': 'image/png', 'request-id': 'photo-req' },
          body: PNG,
        },
        'GET /v1.0/reports/huge': {
          status: 200,
          headers: { 'content-type': 'application/octet-stream' },
          body: Buffer.alloc(RAW_BODY_LIMIT_BYTES + 1, 0x61),
        },
        'GET /v1.0/echo': { status: 200, json: { ok: 1 } },
        'GET /v1.0/flaky': unavailableOnce,
        'PUT /v1.0/flaky': unavailableOnce,
        'DELETE /v1.0/flaky': unavailableOnce,
        'POST /v1.0/flaky': unavailableOnce,
        'PATCH /v1.0/flaky': unavailableOnce,
      },
      {
        config: {
          defaultConnection: DEFAULT,
          // A multi-tenant app: its secret may act in BODY's tenant too.
          connections: { named: { ...NAMED, allowedTenants: [BODY.tenantId] } },
        },
      },
    );
    for (const { clientSecret, clientId } of [DEFAULT, NAMED, BODY]) {
      service.secrets.add(clientSecret).add(`token-for-${clientId}`);
    }
  });
  afterAll(async () => {
    await service.close();
    await elsewhere.close();
  });

  const custom = (body: Record<string, unknown>) => service.call('make-a-custom-api-call', body);
  const hitsOf = (method: string, path: string) =>
    service.graph.received.filter((r) => r.method === method && r.path === path).length;

  it('returns a binary body as base64 with its content type', async () => {
    const response = await custom({ endpoint: '/users/u1/photo/$value', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.body.output).toMatchObject({
      statusCode: 200,
      bodyEncoding: 'base64',
      contentType: 'image/png',
      headers: { 'request-id': 'photo-req', 'content-type': 'image/png' },
    });
    expect(Buffer.from(response.body.output.rawResponse, 'base64').equals(PNG)).toBe(true);
  });

  it('refuses to pass on a body over the raw limit, with 502 GRAPH_BAD_RESPONSE', async () => {
    const response = await custom({ endpoint: '/reports/huge', method: 'GET' });
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('GRAPH_BAD_RESPONSE');
  });

  it('encodes query parameters and forwards allowed headers, with only the connection token as credential', async () => {
    const filter = "startswith(displayName,'A&B #1')";
    const response = await custom({
      endpoint: '/echo?$top=5',
      method: 'GET',
      customQueryParams: [
        { key: '$filter', value: filter },
        { key: '$count', value: true },
      ],
      headers: [{ key: 'ConsistencyLevel', value: 'eventual' }],
    });
    expect(response.status).toBe(200);
    const sent = service.graph.received.at(-1)!;
    const query = new URLSearchParams(sent.url.split('?')[1]);
    expect([...query]).toEqual([
      ['$top', '5'],
      ['$filter', filter],
      ['$count', 'true'],
    ]);
    expect(sent.url).toContain('$filter=');
    expect(sent.headers.consistencylevel).toBe('eventual');
    expect(sent.headers.authorization).toBe(`Bearer token-for-${DEFAULT.clientId}`);
  });

  it('never follows a redirect: the token stays on the Graph origin and the 302 is passed back', async () => {
    const response = await custom({ endpoint: '/moved', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.body.output).toMatchObject({
      statusCode: 302,
      headers: { location: `http://${elsewhere.hostPort}/v1.0/users` },
    });
    expect(elsewhere.connections()).toBe(0);
  });

  it('retries GET, PUT and DELETE after a 503, but never POST or PATCH', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await custom({ endpoint: '/flaky', method });
      expect(response.status, method).toBe(200);
      expect(response.body.output.statusCode, method).toBe(204);
      expect(hitsOf(method, '/v1.0/flaky'), method).toBe(2);
    }
    for (const method of ['POST', 'PATCH']) {
      const response = await custom({ endpoint: '/flaky', method, bodyData: { a: 1 } });
      expect(response.status, method).toBe(503);
      expect(response.body.code, method).toBe('GRAPH_UNAVAILABLE');
      expect(hitsOf(method, '/v1.0/flaky'), method).toBe(1);
    }
  });

  it('acts as body credentials over a named connection over the default connection', async () => {
    const asked = async (extra: Record<string, unknown>) => {
      const before = service.tokens.asked.length;
      const response = await custom({ endpoint: '/echo', method: 'GET', ...extra });
      expect(response.status, JSON.stringify(Object.keys(extra))).toBe(200);
      return service.tokens.asked.slice(before).map((a) => a.connection);
    };
    expect(await asked({})).toEqual([DEFAULT]);
    expect(await asked({ connection: 'named' })).toEqual([{ ...NAMED, allowedTenants: [BODY.tenantId] }]);
    expect(await asked({ connection: 'named', tenantId: BODY.tenantId })).toEqual([
      { ...NAMED, tenantId: BODY.tenantId },
    ]);
    expect(await asked(BODY)).toEqual([BODY]);
    expect(await asked({ ...BODY, connection: 'named' })).toEqual([BODY]);
    // Every token was asked for this service's one cloud, and every call went to its Graph origin.
    for (const { cloud } of service.tokens.asked) expect(cloud).toEqual(service.config.cloud);
  });
});
