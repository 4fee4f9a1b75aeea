import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantLabels } from '../../src/observability/tenant-labels.js';
import { MemoryCursorStore } from '../../src/stores/memory-store.js';
import { meteredStore } from '../../src/stores/metered-store.js';
import { CursorConflictError } from '../../src/stores/store-errors.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Graph, token and store metrics on GET /metrics', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ env: { GRAPH_RETRY_BASE_DELAY_MS: '5' } });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('counts Graph calls by capability, status and tenant, token cache hits and store operations', async () => {
    const tenant = service.emulator.demo.tenantId.toLowerCase();
    service.emulator.state.faults.arm([
      { method: 'GET', path: '/users/', status: 429, retryAfter: 0.01, count: 1 },
    ]);
    const userId = "o'brien@contoso.onmicrosoft.com";
    expect((await service.call('read-user', { userId })).status).toBe(200);
    expect((await service.call('read-user', { userId: 'nobody@contoso.onmicrosoft.com' })).status).toBe(404);
    // A change: its audit record goes through the metered audit store.
    const update = await service.call('update-user', { userId, department: 'Metrics' });
    expect(update.status).toBe(200);

    const text = (await service.http('GET', '/metrics')).body as string;
    expect(sample(text, `graph_requests_total{capability="read-user",status="200",tenant="${tenant}"}`)).toBe(
      1,
    );
    expect(sample(text, `graph_requests_total{capability="read-user",status="404",tenant="${tenant}"}`)).toBe(
      1,
    );
    // One token from the authority; every later request (the retry, the other calls) from the cache.
    expect(sample(text, 'token_acquisitions_total')).toBe(1);
    expect(sample(text, 'token_cache_hits_total')).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'state_store_operation_duration_seconds_count{store="audit",operation="append"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE state_store_errors_total counter');
  });
});

describe('the tenant label of Graph call counters', () => {
  it('keeps the first tenants seen by name and counts every later one as "other"', () => {
    const labels = new TenantLabels(2);
    expect(['A', 'b', 'c', 'a', 'B', 'd'].map((tenant) => labels.of(tenant))).toEqual([
      'a',
      'b',
      'other',
      'a',
      'b',
      'other',
    ]);
  });
});

describe('meteredStore', () => {
  it("times every operation on the store's own instance and counts failures, not compare-and-set conflicts", async () => {
    const seen: Array<[string, string, boolean]> = [];
    const store = meteredStore(new MemoryCursorStore(), 'cursors', (name, operation, durationMs, failed) => {
      expect(durationMs).toBeGreaterThanOrEqual(0);
      seen.push([name, operation, failed]);
    });
    const key = { tenantId: 't', clientId: 'c', syncKey: 'k' };
    const write = { link: 'https://graph.example/delta', linkKind: 'delta' as const, userQuery: '' };
    await store.put(key, write, 0);
    await expect(store.put(key, write, 0)).rejects.toBeInstanceOf(CursorConflictError);
    expect(store.kind).toBe('memory');
    await store.close();
    await expect(store.get(key)).rejects.toThrow();
    expect(seen).toEqual([
      ['cursors', 'put', false],
      ['cursors', 'put', false],
      ['cursors', 'get', true],
    ]);
  });
});
