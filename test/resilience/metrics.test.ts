import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topTenants } from '../../src/observability/metrics.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const KEY = 'metrics-test-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };

/** The value of one sample line, e.g. `graph_retries_total 2`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let service: TestService;
  let other: TestService;

  beforeAll(async () => {
    const env = { API_KEYS: KEY, GRAPH_RETRY_BASE_DELAY_MS: '5' };
    service = await startTestService({ env });
    // A second app in the same process: each has its own registry, so nothing clashes.
    other = await startTestService({ env });
    service.secrets.add(KEY);
    other.secrets.add(KEY);
  });
  afterAll(async () => {
    await service.close();
    await other.close();
  });

  it('is behind the API keys', async () => {
    expect((await service.http('GET', '/metrics')).status).toBe(401);
  });

  it('counts requests, Graph calls, throttles, retries, retry wait and token acquisitions', async () => {
    service.emulator.state.faults.arm([
      { method: 'GET', path: '/users/', status: 429, retryAfter: 0.05, count: 1 },
    ]);
    expect(
      (await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" }, auth)).status,
    ).toBe(200);
    expect((await service.call('read-user', { userId: 'nobody@contoso.onmicrosoft.com' }, auth)).status).toBe(
      404,
    );

    const response = await service.http('GET', '/metrics', undefined, auth);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body as string;
    expect(sample(text, 'http_requests_total{capability="read-user",status="200"}')).toBe(1);
    expect(sample(text, 'http_requests_total{capability="read-user",status="404"}')).toBe(1);
    expect(sample(text, 'graph_calls_total{method="GET",outcome="200"}')).toBe(1);
    expect(sample(text, 'graph_calls_total{method="GET",outcome="404"}')).toBe(1);
    expect(sample(text, 'graph_responses_total{status="429"}')).toBe(1);
    expect(sample(text, 'graph_throttled_total')).toBe(1);
    expect(sample(text, 'graph_retries_total')).toBe(1);
    expect(sample(text, 'graph_retry_wait_seconds_total')).toBeGreaterThanOrEqual(0.049);
    expect(sample(text, 'token_acquisitions_total')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{capability="read-user"}')).toBe(2);
    expect(sample(text, 'graph_call_duration_seconds_count{method="GET"}')).toBe(2);
    expect(text).toContain('process_resident_memory_bytes');

    const untouched = (await other.http('GET', '/metrics', undefined, auth)).body as string;
    expect(sample(untouched, 'graph_retries_total')).toBe(0);
  });

  it('labels routes by pattern, so unknown URLs do not create series', async () => {
    // A word no metric name or value can contain (a number could appear in any sample by chance).
    await service.http('GET', '/no/such/route/zqxjkv', undefined, auth);
    const text = (await service.http('GET', '/metrics', undefined, auth)).body as string;
    expect(text).not.toContain('zqxjkv');
    expect(sample(text, 'http_requests_total{capability="unmatched",status="404"}')).toBe(1);
  });
});

describe('tenant label bound', () => {
  it('names the busiest tenants and sums the rest as "other"', () => {
    const loads = ['a', 'b', 'c', 'd'].map((tenantId, i) => ({ tenantId, active: 0, queued: i + 1 }));
    expect(topTenants(loads, (load) => load.queued, 2)).toEqual([
      ['d', 4],
      ['c', 3],
      ['other', 3],
    ]);
    expect(topTenants(loads.slice(0, 2), (load) => load.queued, 2)).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});
