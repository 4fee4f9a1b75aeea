import type { Dispatcher } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/config/connection.js';
import { GraphClient, type GraphClientOptions } from '../../src/graph/graph-client.js';
import { GraphError, GraphUnavailableError } from '../../src/graph/graph-error.js';
import type { GraphRequest } from '../../src/graph/graph-request.js';
import type { TokenProvider } from '../../src/identity/token-provider.js';
import { Deadline } from '../../src/net/deadline.js';
import type { TransportOptions } from '../../src/net/transport.js';
import { closedPort } from '../helpers/closed-port.js';
import {
  type Answer,
  graphErrorBody,
  type ScriptedOrigin,
  startScriptedOriginForTest,
} from '../helpers/scripted-origin.js';
import { transportForTest } from '../helpers/test-transport.js';

const connection: Connection = { tenantId: 't1', clientId: 'app', clientSecret: 's3cret' };

/** Hands out token-1, token-2... and counts invalidations. */
class CountingTokens implements TokenProvider {
  issued = 0;
  invalidations = 0;
  private current = 'token-1';
  async getToken(): Promise<string> {
    this.issued += 1;
    return this.current;
  }
  async invalidate(): Promise<void> {
    this.invalidations += 1;
    this.current = `token-${this.invalidations + 1}`;
  }
  async close(): Promise<void> {}
}

let graph: ScriptedOrigin | undefined;
let sleeps: number[];
let tokens: CountingTokens;

beforeEach(() => {
  graph = undefined;
  sleeps = [];
  tokens = new CountingTokens();
});

/** The client against a scripted Graph that answers every request from `answers`. */
async function clientFor(
  answers: Answer[],
  extra: Partial<GraphClientOptions> = {},
  transport: TransportOptions = { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 },
) {
  const dispatcher = transportForTest(transport);
  graph = await startScriptedOriginForTest({ '*': answers });
  return clientAt(graph.origin, dispatcher, extra);
}

function clientAt(graphBaseUrl: string, dispatcher: Dispatcher, extra: Partial<GraphClientOptions> = {}) {
  return new GraphClient({
    cloud: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl },
    apiVersion: 'v1.0',
    tokens,
    dispatcher,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

const get = (path = '/users', extra: Partial<GraphRequest> = {}): GraphRequest => ({
  connection,
  method: 'GET',
  path,
  requestId: 'req-42',
  ...extra,
});

const ok = (json: unknown = { value: [] }): Answer => ({
  status: 200,
  json,
  headers: { 'request-id': 'graph-req-1', 'client-request-id': 'echo', 'x-powered-by': 'nope' },
});

describe('GraphClient: request shape', () => {
  it('sends bearer token, client-request-id and Accept, and keeps request-id from the answer', async () => {
    const client = await clientFor([ok({ value: [1] })]);
    const res = await client.send(get('/users', { query: "$filter=startswith(givenName,'J')" }));
    expect(res).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'request-id': 'graph-req-1', 'content-type': 'application/json' }),
      body: { value: [1] },
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
    const [sent] = graph!.received;
    expect(sent?.url).toBe("/v1.0/users?$filter=startswith(givenName,'J')");
    expect(sent?.headers['authorization']).toBe('Bearer token-1');
    expect(sent?.headers['client-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sent?.headers['accept']).toBe('application/json');
    expect(sent?.headers['retry-attempt']).toBeUndefined();
  });

  it('uses a UUID request id itself as client-request-id', async () => {
    const client = await clientFor([ok()]);
    await client.send(get('/users', { requestId: '2be83e05-649e-4508-bcd9-62e666168fc8' }));
    expect(graph!.received[0]?.headers['client-request-id']).toBe('2be83e05-649e-4508-bcd9-62e666168fc8');
  });

  it('serialises a JSON body with Content-Type and passes caller headers, but not a caller Authorization', async () => {
    const client = await clientFor([{ status: 201, json: { id: 'u1' } }]);
    const res = await client.send({
      ...get('/users'),
      method: 'POST',
      body: { displayName: 'A' },
      headers: { ConsistencyLevel: 'eventual', Authorization: 'Bearer stolen' },
    });
    expect(res.status).toBe(201);
    const [sent] = graph!.received;
    expect(JSON.parse(sent!.body)).toEqual({ displayName: 'A' });
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['consistencylevel']).toBe('eventual');
    expect(sent?.headers['authorization']).toBe('Bearer token-1');
  });

  it('answers null for 204', async () => {
    const client = await clientFor([{ status: 204 }]);
    const res = await client.send({ ...get('/users/x'), method: 'DELETE' });
    expect(res).toMatchObject({ status: 204, body: null });
  });

  it('sends a beta call under /beta', async () => {
    const client = await clientFor([ok()], { apiVersion: 'beta' });
    await client.send(get('/users'));
    expect(graph!.received[0]?.url).toBe('/beta/users');
  });

  it('refuses a path outside the version root before sending anything', async () => {
    const client = await clientFor([ok()]);
    await expect(client.send(get('/users/%2e%2e/%2e%2e/admin'))).rejects.toBeInstanceOf(TypeError);
    await expect(client.send(get('users'))).rejects.toBeInstanceOf(TypeError);
    expect(graph!.received).toHaveLength(0);
    expect(tokens.issued).toBe(0);
  });
});

describe('GraphClient: errors', () => {
  it('turns the error envelope into a GraphError', async () => {
    const body = graphErrorBody('Request_ResourceNotFound', "Resource 'x' does not exist.");
    (body.error as Record<string, unknown>)['details'] = [
      { code: 'ObjectConflict', target: 'userPrincipalName' },
    ];
    const client = await clientFor([{ status: 404, json: body, headers: { 'request-id': 'hdr-id' } }]);
    const err = await client.send(get('/users/x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({
      status: 404,
      code: 'Request_ResourceNotFound',
      graphMessage: "Resource 'x' does not exist.",
      requestId: 'b6a5f998-94c8-430d-846d-2eaae3031492',
      date: '2024-05-01T10:11:12',
      details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }],
    });
    expect(graph!.received).toHaveLength(1);
  });

  it('turns a non-JSON error body into a GraphError with a generic code and without echoing it', async () => {
    const client = await clientFor([
      { status: 502, body: '<html>Bad gateway secret-ish</html>', headers: { 'content-type': 'text/html' } },
    ]);
    const err = await client.send(get()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).code).toBe('generalException');
    expect((err as GraphError).status).toBe(502);
    expect((err as GraphError).message).not.toContain('secret-ish');
    expect(graph!.received).toHaveLength(1);
  });

  it('reports a success with broken JSON as bad_response', async () => {
    const client = await clientFor([
      { status: 200, body: '{"value": [', headers: { 'content-type': 'application/json' } },
    ]);
    await expect(client.send(get())).rejects.toMatchObject({
      name: 'GraphUnavailableError',
      reason: 'bad_response',
    });
  });

  it('drains every body: large error bodies on a single connection never block the next call', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const client = await clientFor(
      [{ status: 404, json: graphErrorBody('Request_ResourceNotFound', big) }],
      {},
      { connections: 1 },
    );
    for (let i = 0; i < 3; i++) {
      await expect(client.send(get('/users/x'))).rejects.toBeInstanceOf(GraphError);
    }
    expect(graph!.received).toHaveLength(3);
  });
});

describe('GraphClient: retries', () => {
  it('waits what Retry-After says on 429 and then succeeds', async () => {
    const client = await clientFor([
      {
        status: 429,
        json: graphErrorBody('TooManyRequests', 'Please retry again later.'),
        headers: { 'retry-after': '2.128' },
      },
      ok(),
    ]);
    const res = await client.send(get());
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([2128]);
    expect(graph!.received).toHaveLength(2);
    expect(graph!.received[1]?.headers['retry-attempt']).toBe('1');
    // the same client-request-id on every attempt ties the retries together
    expect(graph!.received[1]?.headers['client-request-id']).toBe(
      graph!.received[0]?.headers['client-request-id'],
    );
  });

  it('retries 503 and 504 on a GET with jittered backoff', async () => {
    const client = await clientFor([
      { status: 503, json: graphErrorBody('serviceNotAvailable', 'busy') },
      { status: 504 },
      ok(),
    ]);
    const res = await client.send(get());
    expect(res.status).toBe(200);
    expect(graph!.received).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('does not retry a POST on 503 (Graph may have applied it)', async () => {
    const client = await clientFor([
      { status: 503, json: graphErrorBody('serviceNotAvailable', 'busy') },
      ok(),
    ]);
    await expect(client.send({ ...get('/users'), method: 'POST', body: {} })).rejects.toMatchObject({
      status: 503,
    });
    expect(graph!.received).toHaveLength(1);
  });

  it('retries a POST on 429 (Graph rejected it before doing anything)', async () => {
    const client = await clientFor([
      { status: 429, json: graphErrorBody('TooManyRequests', 'later'), headers: { 'retry-after': '1' } },
      { status: 201, json: { id: 'u1' } },
    ]);
    const res = await client.send({ ...get('/users'), method: 'POST', body: { a: 1 } });
    expect(res.status).toBe(201);
    expect(graph!.received.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('retries a POST on 503 when the caller marks it idempotent', async () => {
    const client = await clientFor([{ status: 503 }, ok()]);
    const res = await client.send({
      ...get('/users/x/getMemberGroups'),
      method: 'POST',
      body: {},
      idempotent: true,
    });
    expect(res.status).toBe(200);
  });

  it('gives up after maxRetries and throws the last GraphError', async () => {
    const client = await clientFor([
      { status: 429, json: graphErrorBody('TooManyRequests', 'later'), headers: { 'retry-after': '1' } },
    ]);
    const err = await client.send(get()).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 });
    expect(graph!.received).toHaveLength(4);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('stops at once when Graph asks for a wait beyond the budget, keeping retryAfterSeconds', async () => {
    const client = await clientFor(
      [
        { status: 429, json: graphErrorBody('TooManyRequests', 'later'), headers: { 'retry-after': '120' } },
        ok(),
      ],
      { retry: { maxTotalWaitMs: 30_000 } },
    );
    await expect(client.send(get())).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
    expect(graph!.received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    const client = await clientFor([{ status: 503, headers: { 'retry-after': at } }, ok()]);
    await client.send(get());
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3_000);
    expect(sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it('stops waiting when the caller aborts, and reports what Graph said', async () => {
    const controller = new AbortController();
    const client = await clientFor(
      [
        { status: 429, json: graphErrorBody('TooManyRequests', 'later'), headers: { 'retry-after': '20' } },
        ok(),
      ],
      {
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason));
            controller.abort();
          }),
      },
    );
    await expect(
      client.send(get('/users', { deadline: new Deadline(60_000, controller.signal) })),
    ).rejects.toMatchObject({
      status: 429,
    });
    expect(graph!.received).toHaveLength(1);
  });
});

describe('GraphClient: token refresh on 401', () => {
  it('drops the token and retries once with a fresh one on InvalidAuthenticationToken', async () => {
    const client = await clientFor([
      {
        status: 401,
        json: graphErrorBody(
          'InvalidAuthenticationToken',
          'Lifetime validation failed, the token is expired.',
        ),
      },
      ok(),
    ]);
    const res = await client.send({ ...get('/users'), method: 'POST', body: {} });
    expect(res.status).toBe(200);
    expect(tokens.invalidations).toBe(1);
    expect(graph!.received.map((r) => r.headers['authorization'])).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
    expect(sleeps).toEqual([]);
  });

  it('does not loop when the fresh token is refused too', async () => {
    const client = await clientFor([
      { status: 401, json: graphErrorBody('InvalidAuthenticationToken', 'Access token is empty.') },
    ]);
    await expect(client.send(get())).rejects.toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
    });
    expect(graph!.received).toHaveLength(2);
    expect(tokens.invalidations).toBe(1);
  });

  it('does not refresh on other 401 codes', async () => {
    const client = await clientFor([{ status: 401, json: graphErrorBody('Unauthorized', 'no') }]);
    await expect(client.send(get())).rejects.toMatchObject({ status: 401 });
    expect(tokens.invalidations).toBe(0);
    expect(graph!.received).toHaveLength(1);
  });
});

describe('GraphClient: transport failures', () => {
  it('retries a GET after a dropped connection', async () => {
    const client = await clientFor(['drop', ok()]);
    const res = await client.send(get());
    expect(res.status).toBe(200);
    expect(graph!.received).toHaveLength(2);
  });

  it.each([
    ['a dropped connection', 'drop' as const, true],
    ['a 503', { status: 503, json: graphErrorBody('serviceNotAvailable', 'later') }, true],
    ['a 504', { status: 504, json: graphErrorBody('gatewayTimeout', 'late') }, true],
    [
      'a 429 (refused before processing)',
      { status: 429, json: graphErrorBody('TooManyRequests', 'no') },
      false,
    ],
  ])('says whether an earlier attempt may have applied the call: after %s, %s', async (_, first, applied) => {
    const notFound: Answer = { status: 404, json: graphErrorBody('Request_ResourceNotFound', 'gone') };
    const client = await clientFor([first, notFound]);
    const err = await client.send({ ...get('/users/u1'), method: 'DELETE' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(graph!.received).toHaveLength(2);
    expect((err as GraphError).earlierAttemptMayHaveApplied).toBe(applied);
  });

  it('says no earlier attempt applied anything when the first answer is the error', async () => {
    const client = await clientFor([{ status: 404, json: graphErrorBody('Request_ResourceNotFound', 'no') }]);
    const err = await client.send({ ...get('/users/u1'), method: 'DELETE' }).catch((e: unknown) => e);
    expect((err as GraphError).earlierAttemptMayHaveApplied).toBe(false);
  });

  it('does not retry a POST after a dropped connection', async () => {
    const client = await clientFor(['drop', ok()]);
    const err = await client.send({ ...get('/users'), method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as GraphUnavailableError).reason).toBe('unreachable');
    expect(graph!.received).toHaveLength(1);
  });

  it('retries a POST when the connection is refused, then reports unreachable', async () => {
    const port = await closedPort();
    const client = clientAt(
      `http://127.0.0.1:${port}`,
      transportForTest({ headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 }),
    );
    const err = await client.send({ ...get('/users'), method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as GraphUnavailableError).reason).toBe('unreachable');
    expect(sleeps).toHaveLength(3);
  });

  it('reports a Graph that never answers as a timeout, without retrying', async () => {
    const client = await clientFor(['hang'], {}, { headersTimeoutMs: 200 });
    const err = await client.send(get()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as GraphUnavailableError).reason).toBe('timeout');
    expect(graph!.received).toHaveLength(1);
  });

  it('reports a caller abort during the call as a timeout', async () => {
    const client = await clientFor(['hang']);
    const err = await client
      .send(get('/users', { deadline: new Deadline(60_000, AbortSignal.timeout(100)) }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as GraphUnavailableError).reason).toBe('timeout');
  });

  it('keeps the deadline for a call queued behind a full connection pool', async () => {
    const client = await clientFor(['hang', 'hang'], { maxConnections: 1 }, { connections: 1 });
    const holder = new AbortController();
    const first = client
      .send(get('/users', { deadline: new Deadline(10_000, holder.signal) }))
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    // Queued inside undici until the first call gives its only connection back (not before it is
    // aborted below): without a signal for it, its own 150 ms would only start counting then.
    const queued = await client.send(get('/users', { deadline: new Deadline(150) })).catch((e: unknown) => e);
    const took = performance.now() - started;
    holder.abort();
    expect(queued).toBeInstanceOf(GraphUnavailableError);
    expect((queued as GraphUnavailableError).reason).toBe('timeout');
    // It ended on its own deadline, long before the connection it waited for came free.
    expect(took).toBeLessThan(5_000);
    await first;
  });

  it('ends a hanging call at the deadline without any signal, and tries nothing after it', async () => {
    const client = await clientFor(['hang', 'hang', 'hang']);
    const started = performance.now();
    const err = await client.send(get('/users', { deadline: new Deadline(150) })).catch((e: unknown) => e);
    const took = performance.now() - started;
    expect(err).toBeInstanceOf(GraphUnavailableError);
    expect((err as GraphUnavailableError).reason).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(2_000);
    expect(graph!.received).toHaveLength(1);
  });
});
