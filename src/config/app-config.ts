import type { CloudEndpoints, ConfiguredConnection } from './connection.js';

/** The validated, typed configuration handed to buildApp. Only load-config.ts builds it from the environment. */
export interface AppConfig {
  host: string;
  port: number;
  mode: 'sandbox' | 'live';
  cloud: CloudEndpoints;
  graphApiVersion: 'v1.0' | 'beta';
  /** Used when a request names no connection (AZURE_*, AZURE_ALLOWED_TENANTS). */
  defaultConnection?: ConfiguredConnection;
  /** Named connections from CONNECTIONS_FILE. */
  connections: Record<string, ConfiguredConnection>;
  allowRequestCredentials: boolean;
  apiKeys: string[];
  authDisabled: boolean;
  stateStoreUrl: string;
  logLevel: string;
  bodyLimitBytes: number;
  /** Inbound HTTP limits (HTTP_REQUEST_TIMEOUT_MS, HTTP_HEADERS_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_MAX_CONNECTIONS). */
  httpRequestTimeoutMs: number;
  httpHeadersTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  httpMaxConnections: number;
  requestTimeoutMs: number;
  tokenTimeoutMs: number;
  graphConnectTimeoutMs: number;
  graphResponseTimeoutMs: number;
  graphMaxConnections: number;
  /** Graph retry limits (GRAPH_MAX_RETRIES, GRAPH_MAX_RETRY_WAIT_MS, GRAPH_RETRY_*_DELAY_MS). */
  graphRetry: { maxRetries: number; maxTotalWaitMs: number; baseDelayMs: number; maxDelayMs: number };
  /** Per-tenant bulkhead around Graph calls (GRAPH_TENANT_CONCURRENCY, GRAPH_TENANT_QUEUE_LIMIT). */
  graphTenantConcurrency: number;
  graphTenantQueueLimit: number;
  /** Graph requests one app may send to one tenant in any 10 s, shared by replicas on Redis (GRAPH_TENANT_BUDGET_PER_10S; 0 = off). */
  graphTenantBudgetPer10s: number;
  /** Graph `$batch` requests one POST /batch call has in flight at once. */
  batchGraphConcurrency: number;
  shutdownGraceMs: number;
  /** How long a call's outcome is replayed to a repeat with the same Idempotency-Key. */
  idempotencyRetentionMs: number;
  /** How long audit records are kept and answered by GET /audit. */
  auditRetentionMs: number;
  /** How long a workflow run is kept after its last change (GET /workflows/runs, resume, repeats). */
  workflowRunRetentionMs: number;
  /** Requests per minute per API key (or client address without keys); 0 = unlimited. */
  rateLimitPerMinute: number;
  sandboxSeedUsers: number;
  /** OpenTelemetry traces (OTEL_TRACES_EXPORTER, OTEL_SDK_DISABLED, OTEL_SERVICE_NAME); `none` is off. */
  tracing: { exporter: 'otlp' | 'console' | 'none'; serviceName: string };
}
