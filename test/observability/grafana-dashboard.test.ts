import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

const DASHBOARD = new URL('../../ops/grafana/entra-user-management.json', import.meta.url);

/** Every `expr` in the dashboard (panels, rows' panels, targets), wherever it sits. */
function expressionsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(expressionsOf);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'expr' && typeof value === 'string' ? [value] : expressionsOf(value),
  );
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges
 * and grouping clauses are removed, minus function calls (a name followed by `(`) and keywords.
 */
function metricNamesIn(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w:.])[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(?))/g)) {
    const [name, paren] = [match[0], match[1]];
    if (paren === '(' || PROMQL_WORDS.has(name)) continue;
    names.add(name);
  }
  return [...names];
}

/** The series names /metrics can serve: every `# TYPE` line, histograms with their three series. */
function servedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (typed === null) continue;
    const [, name, type] = typed as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

describe('the Grafana dashboard', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('reads its metric names from the PromQL expressions', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, capability) (rate(http_request_duration_seconds_bucket{status=~"5.."}[$__rate_interval])))',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(metricNamesIn('sum(rate(a_total[5m])) / on (job) sum(b_total offset 1h)')).toEqual([
      'a_total',
      'b_total',
    ]);
  });

  it('queries only metrics a running service serves on GET /metrics', async () => {
    const dashboard: unknown = JSON.parse(await readFile(DASHBOARD, 'utf8'));
    const queried = new Set(expressionsOf(dashboard).flatMap(metricNamesIn));
    const response = await service.http('GET', '/metrics');
    expect(response.status).toBe(200);
    const served = servedNames(response.body as string);
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
    // The list: Graph calls by capability/status/tenant, throttling and retries, tokens and
    // their cache, the state store, the tenant bulkhead's queue.
    for (const name of [
      'graph_requests_total',
      'graph_throttled_total',
      'graph_retries_total',
      'graph_retry_wait_seconds_total',
      'token_acquisitions_total',
      'token_cache_hits_total',
      'state_store_operation_duration_seconds_bucket',
      'state_store_errors_total',
      'graph_tenant_queue_depth',
    ]) {
      expect(queried).toContain(name);
    }
  });
});
