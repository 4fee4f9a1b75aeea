import { setTimeout as delay } from 'node:timers/promises';
import type { TenantCredentials } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

describe('per-tenant bulkhead over HTTP', () => {
  let service: TestService;
  let fabrikam: TenantCredentials;

  beforeAll(async () => {
    service = await startTestService({
      env: { GRAPH_TENANT_CONCURRENCY: '2', GRAPH_TENANT_QUEUE_LIMIT: '2' },
    });
    fabrikam = service.emulator.state.addTenant({ domains: ['fabrikam.onmicrosoft.com'], seedUsers: 3 });
    service.secrets.add(fabrikam.clientSecret);
  });
  afterAll(() => service.close());

  const queueDepth = async (tenantId: string): Promise<number> => {
    const text = (await service.http('GET', '/metrics')).body as string;
    const match = new RegExp(`graph_tenant_queue_depth\\{tenant="${tenantId}"\\} (\\d+)`).exec(text);
    return match ? Number(match[1]) : 0;
  };

  const queryB = () =>
    service.call('query-users', {
      tenantId: fabrikam.tenantId,
      clientId: fabrikam.clientId,
      clientSecret: fabrikam.clientSecret,
      userQuery: '$top=1',
    });

  it('queues a burst on tenant A, refuses beyond the bound, and lets tenant B through meanwhile', async () => {
    const contoso = service.emulator.demo.tenantId;
    // Both tenants' tokens first (and MSAL loaded), so that B's call below is one Graph request,
    // far shorter than A's slow calls however busy the machine is.
    expect((await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" })).status).toBe(200);
    expect((await queryB()).status).toBe(200);
    // Tenant A's Graph calls are slow; tenant B's are not.
    service.emulator.state.faults.arm([{ pathRegex: 'contoso\\.onmicrosoft\\.com', latencyMs: 4000 }]);
    const finished: string[] = [];
    const burst = [1, 2, 3, 4].map((n) =>
      service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" }).then((result) => {
        finished.push(`A${n}`);
        return result;
      }),
    );
    while ((await queueDepth(contoso)) < 2) await delay(5);

    const refused = await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('TENANT_QUEUE_FULL');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const b = await queryB();
    expect(b.status).toBe(200);
    expect(finished).toEqual([]); // B was answered while all of A's burst was still running or queued

    // A's queued calls need not wait out the latency too: they reach Graph after this.
    service.emulator.state.faults.clear();
    const results = await Promise.all(burst);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200]);
  });
});
