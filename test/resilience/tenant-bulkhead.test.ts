import { describe, expect, it } from 'vitest';
import { BulkheadGraphCaller } from '../../src/graph/bulkhead-graph-caller.js';
import { GraphUnavailableError } from '../../src/graph/graph-error.js';
import type { GraphCaller, GraphRequest } from '../../src/graph/graph-request.js';
import { TenantBulkhead, TenantQueueFullError } from '../../src/graph/tenant-bulkhead.js';
import { toProblem } from '../../src/http/problem/to-problem.js';
import { Deadline } from '../../src/net/deadline.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TenantBulkhead', () => {
  it('runs at most `concurrency` calls per tenant and hands slots over in FIFO order', async () => {
    const bulkhead = new TenantBulkhead({ concurrency: 2, queueLimit: 10 });
    const first = await bulkhead.acquire('A');
    const second = await bulkhead.acquire('A');
    const order: number[] = [];
    const waiting = [3, 4, 5].map((n) =>
      bulkhead.acquire('A').then((release) => {
        order.push(n);
        return release;
      }),
    );
    await tick();
    expect(order).toEqual([]);
    expect(bulkhead.snapshot()).toEqual([{ tenantId: 'a', active: 2, queued: 3 }]);
    first();
    first(); // a second release of the same slot is ignored
    await tick();
    expect(order).toEqual([3]);
    second();
    await tick();
    expect(order).toEqual([3, 4]);
    for (const release of await Promise.all(waiting.slice(0, 2))) release();
    await tick();
    expect(order).toEqual([3, 4, 5]);
    (await waiting[2]!)();
    expect(bulkhead.snapshot()).toEqual([]); // idle tenants are forgotten
  });

  it('refuses beyond the queue bound with TenantQueueFullError carrying a Retry-After', async () => {
    const bulkhead = new TenantBulkhead({ concurrency: 1, queueLimit: 1 });
    await bulkhead.acquire('A');
    void bulkhead.acquire('A');
    const refused = await bulkhead.acquire('A').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TenantQueueFullError);
    const problem = toProblem(refused);
    expect(problem.status).toBe(503);
    expect(problem.code).toBe('TENANT_QUEUE_FULL');
    expect(problem.extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("never makes one tenant wait for another tenant's slots", async () => {
    const bulkhead = new TenantBulkhead({ concurrency: 1, queueLimit: 5 });
    const releaseA = await bulkhead.acquire('A');
    let secondA = false;
    void bulkhead.acquire('A').then(() => {
      secondA = true;
    });
    let acquiredB = false;
    const b = bulkhead.acquire('B').then((release) => {
      acquiredB = true;
      return release;
    });
    await tick();
    // B got its slot at once, although A is full and has a call queued.
    expect(acquiredB).toBe(true);
    expect(secondA).toBe(false);
    expect(bulkhead.snapshot()).toEqual([
      { tenantId: 'a', active: 1, queued: 1 },
      { tenantId: 'b', active: 1, queued: 0 },
    ]);
    (await b)();
    releaseA();
    await tick();
    expect(secondA).toBe(true);
  });

  it('counts queue time against the deadline: an aborted wait leaves the queue and fails as a timeout', async () => {
    const bulkhead = new TenantBulkhead({ concurrency: 1, queueLimit: 5 });
    const release = await bulkhead.acquire('A');
    const controller = new AbortController();
    const waiting = bulkhead.acquire('A', new Deadline(60_000, controller.signal));
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(toProblem(error)).toMatchObject({ status: 504, code: 'GRAPH_TIMEOUT' });
    expect(bulkhead.snapshot()).toEqual([{ tenantId: 'a', active: 1, queued: 0 }]);
    release();
    expect(bulkhead.snapshot()).toEqual([]);
  });
});

describe('BulkheadGraphCaller', () => {
  it('holds the slot for the whole call, so a queued call whose deadline passes never reaches Graph', async () => {
    let reached = 0;
    let finishFirst: () => void = () => {};
    const inner: GraphCaller = {
      cloud: { graphBaseUrl: 'http://127.0.0.1:9', authorityHost: 'http://127.0.0.1:9' },
      async send<T>() {
        reached += 1;
        await new Promise<void>((resolve) => {
          finishFirst = resolve;
        });
        return { status: 200, headers: {}, body: null as T };
      },
    };
    const caller = new BulkheadGraphCaller(inner, new TenantBulkhead({ concurrency: 1, queueLimit: 5 }));
    const request = (deadline?: Deadline): GraphRequest => ({
      connection: { tenantId: 'T1', clientId: 'c', clientSecret: 's' },
      method: 'GET',
      path: '/users',
      requestId: 'r',
      ...(deadline ? { deadline } : {}),
    });
    const first = caller.send(request());
    await tick();
    const late = await caller.send(request(new Deadline(20))).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(GraphUnavailableError);
    expect(reached).toBe(1);
    finishFirst();
    expect((await first).status).toBe(200);
  });
});
