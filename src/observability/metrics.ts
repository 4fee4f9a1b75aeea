/**
 * The service's Prometheus instruments, in a Registry of their own per app instance (never
 * prom-client's global one), so several apps in one process (tests, the soak) do not clash.
 * Each instrument is fed by a small listener the composition root (app.ts) plugs in.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { SeriesCounter, SeriesHistogram } from './series-metrics.js';
import { TENANT_COUNTER_LIMIT, TenantLabels } from './tenant-labels.js';

/**
 * Tenants named in the per-tenant gauges: the busiest ones at scrape time, the rest summed as
 * `other`. A label per tenant would make series grow with the customer base (thousands of
 * GUIDs); hash buckets would bound it but hide which tenant is bursting, which is the one thing
 * an operator wants to know from this gauge. Top-N keeps at most N + 1 series per scrape.
 */
export const TENANT_LABEL_LIMIT = 10;
const OTHER_TENANTS = 'other';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** One tenant's share of the Graph bulkhead, as the bulkhead reports it (metrics import nothing of the Graph layer). */
export interface TenantLoad {
  tenantId: string;
  active: number;
  queued: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  // Touched on every request: the series-* instruments (series-metrics.ts) keep that cheap.
  readonly requests = new SeriesCounter({
    name: 'http_requests_total',
    help: 'Requests answered, by capability (or route) and HTTP status.',
    labelNames: ['capability', 'status'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new SeriesHistogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by capability (or route).',
    labelNames: ['capability'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly graphCalls = new SeriesCounter({
    name: 'graph_calls_total',
    help: "Graph calls by method and final outcome: Graph's last status, or timeout/unreachable/bad_response/queue_full.",
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphCallDuration = new SeriesHistogram({
    name: 'graph_call_duration_seconds',
    help: 'Duration of one Graph call, tenant queue wait and retries included.',
    labelNames: ['method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly graphRequests = new SeriesCounter({
    name: 'graph_requests_total',
    help:
      "Graph calls by capability (`batch` for a $batch, `none` for the service's own), final outcome (as graph_calls_total) " +
      `and tenant (the first ${TENANT_COUNTER_LIMIT} tenants seen by name, later ones as "other").`,
    labelNames: ['capability', 'status', 'tenant'] as const,
    registers: [this.registry],
  });
  readonly #tenantLabels = new TenantLabels();
  readonly graphResponses = new SeriesCounter({
    name: 'graph_responses_total',
    help: 'Every HTTP answer Graph sent, retried attempts included, by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly graphBatchItems = new SeriesCounter({
    name: 'graph_batch_items_total',
    help: 'Answers to the items of Graph $batch requests (POST /batch), retried items included, by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly graphThrottled = new Counter({
    name: 'graph_throttled_total',
    help: '429 answers from Graph (each retried or final attempt, items of a $batch included).',
    registers: [this.registry],
  });
  readonly graphRetries = new Counter({
    name: 'graph_retries_total',
    help: 'Graph calls repeated after a retryable failure.',
    registers: [this.registry],
  });
  readonly graphRetryWait = new Counter({
    name: 'graph_retry_wait_seconds_total',
    help: 'Time spent waiting before Graph retries (Retry-After or backoff).',
    registers: [this.registry],
  });
  readonly slotWait = new SeriesHistogram({
    name: 'graph_tenant_slot_wait_seconds',
    help: "Time Graph calls waited for a free slot of their tenant's bulkhead.",
    labelNames: [],
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  readonly budgetWait = new SeriesHistogram({
    name: 'graph_tenant_budget_wait_seconds',
    help: "Time Graph calls that found their tenant's request budget (GRAPH_TENANT_BUDGET_PER_10S) spent waited for room.",
    labelNames: [],
    buckets: [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly storeDuration = new SeriesHistogram({
    name: 'state_store_operation_duration_seconds',
    help: 'Time one state store operation took, by store (cursors, idempotency, runs, audit) and operation.',
    labelNames: ['store', 'operation'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly storeErrors = new SeriesCounter({
    name: 'state_store_errors_total',
    help: 'State store operations that failed (store unreachable, timeout, malformed record), by store and operation.',
    labelNames: ['store', 'operation'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Process memory, CPU, event-loop lag and GC: what the soak and an operator watch for leaks.
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Listener for ObservedGraphCaller. */
  readonly onGraphCall = (
    method: string,
    outcome: string,
    durationMs: number,
    request: { capability?: string; connection: { tenantId: string } },
  ): void => {
    this.graphCalls.inc({ method, outcome });
    this.graphRequests.inc({
      capability: request.capability ?? 'none',
      status: outcome,
      tenant: this.#tenantLabels.of(request.connection.tenantId),
    });
    this.graphCallDuration.observe({ method }, durationMs / 1000);
  };

  /** Listener for the Graph client's onAttemptStatus (every HTTP answer, retries included). */
  readonly onGraphAttempt = (status: number): void => {
    this.graphResponses.inc({ status: String(status) });
    if (status === 429) this.graphThrottled.inc();
  };

  /** Listener for the `$batch` packer: every item answer, retried items included. */
  readonly onGraphBatchItem = (status: number): void => {
    this.graphBatchItems.inc({ status: String(status) });
    if (status === 429) this.graphThrottled.inc();
  };

  /** Called after each wait between Graph retries, with the time actually waited. */
  readonly onRetryWait = (waitedMs: number, retried: boolean): void => {
    this.graphRetryWait.inc(waitedMs / 1000);
    if (retried) this.graphRetries.inc();
  };

  readonly onSlotWait = (waitedMs: number): void => this.slotWait.observe({}, waitedMs / 1000);
  readonly onBudgetWait = (waitedMs: number): void => this.budgetWait.observe({}, waitedMs / 1000);

  /** Listener for meteredStore (src/stores/metered-store.ts). */
  readonly onStoreOperation = (
    store: string,
    operation: string,
    durationMs: number,
    failed: boolean,
  ): void => {
    this.storeDuration.observe({ store, operation }, durationMs / 1000);
    if (failed) this.storeErrors.inc({ store, operation });
  };

  /**
   * Token requests that went to the authority, and those answered from the cache, read from the
   * token provider at scrape time.
   */
  trackTokenAcquisitions(source: {
    readonly networkTokenRequests: number;
    readonly tokenCacheHits?: number;
  }): void {
    const counter = (name: string, help: string, read: () => number) => {
      let counted = 0;
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          const now = read();
          if (now > counted) this.inc(now - counted);
          counted = now;
        },
      });
    };
    counter(
      'token_acquisitions_total',
      'Access tokens requested from the authority (cache hits not counted).',
      () => source.networkTokenRequests,
    );
    counter(
      'token_cache_hits_total',
      'Access token requests answered from the cache, without a call to the authority.',
      () => source.tokenCacheHits ?? 0,
    );
  }

  /** Per-tenant queue depth and calls in flight, read from the bulkhead at scrape time. */
  trackTenantLoad(snapshot: () => TenantLoad[], limit = TENANT_LABEL_LIMIT): void {
    const gauge = (name: string, help: string, pick: (load: TenantLoad) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['tenant'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [tenant, value] of topTenants(snapshot(), pick, limit)) this.set({ tenant }, value);
        },
      });
    gauge(
      'graph_tenant_queue_depth',
      `Graph calls waiting per tenant (top ${limit}, rest as "other").`,
      (load) => load.queued,
    );
    gauge(
      'graph_tenant_in_flight',
      `Graph calls running per tenant (top ${limit}, rest as "other").`,
      (load) => load.active,
    );
  }
}

/** The `limit` largest values by tenant, plus everything else summed under `other`. */
export function topTenants(
  loads: TenantLoad[],
  pick: (load: TenantLoad) => number,
  limit: number,
): Array<[string, number]> {
  const sorted = loads
    .map((load) => [load.tenantId, pick(load)] as [string, number])
    .sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, limit);
  const rest = sorted.slice(limit).reduce((sum, [, value]) => sum + value, 0);
  return sorted.length > limit ? [...shown, [OTHER_TENANTS, rest]] : shown;
}
