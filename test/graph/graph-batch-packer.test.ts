import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/config/connection.js';
import { BulkheadGraphCaller } from '../../src/graph/bulkhead-graph-caller.js';
import { GraphBatchPacker } from '../../src/graph/graph-batch-packer.js';
import { GraphError, GraphUnavailableError } from '../../src/graph/graph-error.js';
import type { GraphCaller, GraphRequest, GraphResponse } from '../../src/graph/graph-request.js';
import { TenantBulkhead } from '../../src/graph/tenant-bulkhead.js';

const connection: Connection = { tenantId: 't1', clientId: 'app', clientSecret: 's3cret' };
const other: Connection = { tenantId: 't2', clientId: 'app', clientSecret: 's3cret' };

interface WireItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}
type ItemAnswer = { status: number; headers?: Record<string, string>; body?: unknown };

/**
 * Stands in for the Graph pipeline below the packer: records each `$batch` it is sent and answers
 * every item through `answer` (by the item's url and how many times that url was seen).
 */
class ScriptedBatches implements GraphCaller {
  readonly cloud = { graphBaseUrl: 'https://graph.example', authorityHost: 'https://login.example' };
  readonly batches: { request: GraphRequest; items: WireItem[] }[] = [];
  readonly seen = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly answer: (item: WireItem, attempt: number) => ItemAnswer = () => ({
      status: 200,
      body: { ok: 1 },
    }),
    private readonly whole?: (batch: number) => Error | undefined,
  ) {}

  async send<T>(request: GraphRequest): Promise<GraphResponse<T>> {
    const items = (request.body as { requests: WireItem[] }).requests;
    this.batches.push({ request, items });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight -= 1;
    const failure = this.whole?.(this.batches.length);
    if (failure) throw failure;
    const responses = items.map((item) => {
      const attempt = (this.seen.get(item.url) ?? 0) + 1;
      this.seen.set(item.url, attempt);
      return { id: item.id, ...this.answer(item, attempt) };
    });
    return {
      status: 200,
      headers: { 'request-id': 'batch-request-id', date: 'Mon, 01 Jan 2026 00:00:00 GMT' },
      body: { responses } as T,
    };
  }
}

function packer(inner: GraphCaller, sleeps: number[] = [], maxInFlight = 4) {
  return new GraphBatchPacker(inner, {
    maxInFlight,
    requestId: 'req-1',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

const get = (path: string, over: Partial<GraphRequest> = {}): GraphRequest => ({
  connection,
  method: 'GET',
  path,
  requestId: `req-1/${path}`,
  ...over,
});

const throttled = (seconds: string): ItemAnswer => ({
  status: 429,
  headers: { 'Retry-After': seconds, 'Content-Type': 'application/json' },
  body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
});
const unavailable: ItemAnswer = {
  status: 503,
  headers: { 'Content-Type': 'application/json' },
  body: { error: { code: 'serviceNotAvailable', message: 'Try later.' } },
};

describe('GraphBatchPacker', () => {
  it('packs requests made together into $batch requests of at most 20 and answers each as if sent alone', async () => {
    const inner = new ScriptedBatches((item) => ({
      status: 200,
      headers: { 'Content-Type': 'application/json', Location: `https://graph.example${item.url}` },
      body: { url: item.url },
    }));
    const calls = packer(inner);
    const answers = await Promise.all(Array.from({ length: 45 }, (_, i) => calls.send(get(`/users/u${i}`))));

    expect(inner.batches.map((b) => b.items.length)).toEqual([20, 20, 5]);
    expect(inner.batches[0]!.request).toMatchObject({ method: 'POST', path: '/$batch', idempotent: false });
    answers.forEach((answer, i) => {
      expect(answer.body).toEqual({ url: `/users/u${i}` });
      expect(answer.status).toBe(200);
      // The item's own headers, lower-cased, with the carrying request's correlation headers.
      expect(answer.headers).toMatchObject({
        location: `https://graph.example/users/u${i}`,
        'content-type': 'application/json',
        'request-id': 'batch-request-id',
      });
    });
    const firstItem = inner.batches[0]!.items[0]!;
    expect(firstItem.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps one connection per $batch and never has more batches in flight than allowed', async () => {
    const inner = new ScriptedBatches();
    const calls = packer(inner, [], 2);
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => calls.send(get(`/users/a${i}`))),
      ...Array.from({ length: 30 }, (_, i) => calls.send(get(`/users/b${i}`, { connection: other }))),
    ]);
    expect(inner.maxInFlight).toBe(2);
    for (const batch of inner.batches) {
      const prefixes = new Set(batch.items.map((item) => item.url.slice(0, 8)));
      expect(prefixes.size).toBe(1);
      expect(batch.request.connection).toBe(batch.items[0]!.url.startsWith('/users/a') ? connection : other);
    }
  });

  it("takes one slot of the tenant's bulkhead per $batch: the tenant's budget caps the batches in flight", async () => {
    const inner = new ScriptedBatches();
    const bulkhead = new TenantBulkhead({ concurrency: 1, queueLimit: 10 });
    const calls = packer(new BulkheadGraphCaller(inner, bulkhead), [], 4);
    const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => calls.send(get(`/users/u${i}`))));
    expect(answers).toHaveLength(80);
    expect(inner.batches).toHaveLength(4);
    expect(inner.maxInFlight).toBe(1);
  });

  it('sends the body, the caller headers and a Content-Type; query strings go into the url', async () => {
    const inner = new ScriptedBatches(() => ({ status: 204 }));
    const answer = await packer(inner).send({
      connection,
      method: 'POST',
      path: '/groups/g1/members/$ref',
      query: '$select=id',
      headers: { ConsistencyLevel: 'eventual', Authorization: 'Bearer nope' },
      body: { '@odata.id': 'x' },
      requestId: 'r',
    });
    expect(answer).toMatchObject({ status: 204, body: null });
    const [item] = inner.batches[0]!.items;
    expect(item).toMatchObject({
      method: 'POST',
      url: '/groups/g1/members/$ref?$select=id',
      body: { '@odata.id': 'x' },
      headers: { ConsistencyLevel: 'eventual', 'content-type': 'application/json' },
    });
    expect(item!.headers['Authorization']).toBeUndefined();
  });

  it('retries a throttled item after its own Retry-After, in a later batch, with retry-attempt', async () => {
    const inner = new ScriptedBatches((item, attempt) =>
      item.url === '/users/slow' && attempt === 1 ? throttled('3') : { status: 200, body: {} },
    );
    const sleeps: number[] = [];
    const calls = packer(inner, sleeps);
    await Promise.all([calls.send(get('/users/slow')), calls.send(get('/users/fast'))]);
    expect(sleeps).toEqual([3000]);
    expect(inner.batches.map((b) => b.items.map((i) => i.url))).toEqual([
      ['/users/slow', '/users/fast'],
      ['/users/slow'],
    ]);
    expect(inner.batches[1]!.items[0]!.headers['retry-attempt']).toBe('1');
  });

  it('gives up on a throttled item as the client does: the last 429 with its Retry-After', async () => {
    const inner = new ScriptedBatches(() => throttled('1'));
    const error = await packer(inner)
      .send(get('/users/x'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 1 });
    expect(inner.batches).toHaveLength(4); // the first attempt and three retries
  });

  it('does not repeat a non-idempotent item after a 503 (Graph may have applied it), but repeats a read', async () => {
    const inner = new ScriptedBatches((_item, attempt) =>
      attempt === 1 ? unavailable : { status: 201, body: {} },
    );
    const calls = packer(inner);
    const [create, read] = await Promise.allSettled([
      calls.send({ connection, method: 'POST', path: '/users', body: { a: 1 }, requestId: 'c' }),
      calls.send(get('/users/r')),
    ]);
    expect(create.status).toBe('rejected');
    expect((create as PromiseRejectedResult).reason).toMatchObject({
      status: 503,
      code: 'serviceNotAvailable',
    });
    expect(read.status).toBe('fulfilled');
    expect(inner.seen.get('/users')).toBe(1);
    expect(inner.seen.get('/users/r')).toBe(2);
  });

  it('marks a 404 to a DELETE repeated after a 503 as possibly caused by the earlier attempt', async () => {
    const inner = new ScriptedBatches((_item, attempt) =>
      attempt === 1
        ? unavailable
        : { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'gone' } } },
    );
    const error = await packer(inner)
      .send({ connection, method: 'DELETE', path: '/users/x', requestId: 'd' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, earlierAttemptMayHaveApplied: true });
  });

  it('judges a 503 on the whole $batch per item: reads are repeated, writes are not', async () => {
    const inner = new ScriptedBatches(
      () => ({ status: 200, body: {} }),
      (batch) => (batch === 1 ? new GraphError(503, 'serviceNotAvailable', 'later') : undefined),
    );
    const calls = packer(inner);
    const [write, read] = await Promise.allSettled([
      calls.send({ connection, method: 'PATCH', path: '/users/w', body: {}, requestId: 'w' }),
      calls.send(get('/users/r')),
    ]);
    expect((write as PromiseRejectedResult).reason).toMatchObject({ status: 503 });
    expect(read.status).toBe('fulfilled');
  });

  it('gives an item missing from the answer GRAPH_BAD_RESPONSE, and a nested $batch goes alone', async () => {
    const lossy: GraphCaller = {
      cloud: { graphBaseUrl: 'https://graph.example', authorityHost: 'https://login.example' },
      async send<T>(request: GraphRequest) {
        if (request.path === '/$batch' && (request.body as { requests: unknown[] }).requests.length === 1) {
          return { status: 200, headers: {}, body: { responses: [] } as T };
        }
        return { status: 200, headers: {}, body: { alone: request.path } as T };
      },
    };
    const calls = packer(lossy);
    const error = await calls.send(get('/users/x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(error).toMatchObject({ reason: 'bad_response' });
    const nested = await calls.send({ ...get('/$batch'), method: 'POST', body: { requests: [{}, {}] } });
    expect(nested.body).toEqual({ alone: '/$batch' });
  });

  it('refuses a path the client would refuse before anything is sent', async () => {
    const inner = new ScriptedBatches();
    await expect(packer(inner).send(get('/users/../me'))).rejects.toThrow(TypeError);
    expect(inner.batches).toHaveLength(0);
  });
});
