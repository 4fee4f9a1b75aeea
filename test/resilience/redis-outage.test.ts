import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/redis-test-server.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

/** Polls until `check` holds; the store reconnects on its own, so no fixed wait is right. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await delay(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('Redis going away and coming back', () => {
  let proxy: TcpProxy;
  let service: TestService;

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL);
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    // The service only knows the proxy, which the test can cut without touching the real Redis.
    service = await startTestService({ env: { STATE_STORE_URL: `redis://127.0.0.1:${proxy.port}` } });
  });
  afterAll(async () => {
    await service.close();
    await proxy.cut();
  });

  const changes = (syncKey: string) =>
    service.call('query-user-changes', { userQuery: '$select=displayName', syncKey, maxPages: 1 });

  it('turns unready and fails cursor calls with STORE_UNAVAILABLE, keeps store-free calls working, then recovers', async () => {
    const syncKey = `outage-${process.pid}-${Date.now()}`;
    // Pages of 10 users: the first call stops mid-round, so resuming and starting over differ.
    service.emulator.state.delta.update({ pageSize: 10 });
    expect((await service.http('GET', '/readyz')).status).toBe(200);
    const first = await changes(syncKey);
    expect(first.status).toBe(200);
    const before = (await service.http('GET', `/sync-cursors/${syncKey}`)).body;
    expect(before).toMatchObject({ version: 1, linkKind: 'next' });

    await proxy.cut();
    await eventually(async () => (await service.http('GET', '/readyz')).status === 503, '/readyz says 503');
    const readiness = await service.http('GET', '/readyz');
    expect(readiness.body.checks.store).toBe(false);

    const cursorCall = await changes(syncKey);
    expect(cursorCall.status).toBe(503);
    expect(cursorCall.body.code).toBe('STORE_UNAVAILABLE');
    expect(cursorCall.headers['retry-after']).toBeDefined();
    const listed = await service.http('GET', '/sync-cursors');
    expect(listed.status).toBe(503);
    expect(listed.body.code).toBe('STORE_UNAVAILABLE');
    // Capabilities that need no store are untouched by the outage.
    expect((await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" })).status).toBe(200);
    expect((await service.call('query-users', { userQuery: '$top=2' })).status).toBe(200);

    await proxy.start();
    await eventually(
      async () => (await service.http('GET', '/readyz')).status === 200,
      '/readyz is 200 again',
    );
    const resumed = await changes(syncKey);
    expect(resumed.status).toBe(200);
    // The stored cursor survived the outage: the call resumed it rather than starting over. It
    // read the page after the first one (other users), and the cursor moved on past it.
    const ids = (response: typeof first) =>
      response.body.output.rawResponse.value.map((user: { id: string }) => user.id);
    expect(ids(resumed)).toHaveLength(10);
    expect(ids(resumed).filter((id: string) => ids(first).includes(id))).toEqual([]);
    expect(resumed.body.output).toMatchObject({ committed: true, cursorVersion: 2 });
    const after = (await service.http('GET', `/sync-cursors/${syncKey}`)).body;
    expect(after.version).toBe(2);
    expect(after.link).not.toBe(before.link);
    await service.http('DELETE', `/sync-cursors/${syncKey}`); // leave the shared Redis as it was
  });
});
