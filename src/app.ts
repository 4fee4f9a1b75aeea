import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import { CAPABILITIES } from './capabilities/registry.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import type { Connection } from './config/connection.js';
import { BulkheadGraphCaller } from './graph/bulkhead-graph-caller.js';
import { GraphClient } from './graph/graph-client.js';
import type { GraphCaller } from './graph/graph-request.js';
import { meteredSleep } from './graph/metered-sleep.js';
import { ObservedGraphCaller } from './graph/observed-graph-caller.js';
import { TenantBulkhead } from './graph/tenant-bulkhead.js';
import { TenantGraphBudget } from './graph/tenant-graph-budget.js';
import { TracedGraphCaller } from './graph/traced-graph-caller.js';
import { registerAccessLog } from './http/access-log/access-log.js';
import { registerIdempotencyRecording } from './http/idempotency/idempotency-guard.js';
import { registerApiKeyAuth } from './http/plugins/api-key-auth.js';
import { registerBodyShapeCheck } from './http/plugins/body-shape.js';
import { boundedValidatorFactory } from './http/plugins/bounded-validation.js';
import { registerRateLimit } from './http/plugins/rate-limit.js';
import { registerRequestTracing } from './http/plugins/request-tracing.js';
import { registerSecurityHeaders } from './http/plugins/security-headers.js';
import { registerIdleConnectionReaping, registerShutdownRefusal } from './http/plugins/shutdown.js';
import { answerClientError } from './http/problem/client-error.js';
import { registerErrorHandler } from './http/problem/error-handler.js';
import { ProblemSchema } from './http/problem/problem-schema.js';
import { toProblem } from './http/problem/to-problem.js';
import { registerAuditRoutes } from './http/routes/audit-routes.js';
import { registerBatchRoutes } from './http/routes/batch-routes.js';
import { registerCapabilityRoutes } from './http/routes/capability-routes.js';
import { registerConnectionRoutes } from './http/routes/connection-routes.js';
import { type ReadinessCheck, registerHealthRoutes } from './http/routes/health-routes.js';
import { registerMetricsRoutes } from './http/routes/metrics-routes.js';
import { registerOpenApi } from './http/routes/openapi.js';
import { registerSyncCursorRoutes } from './http/routes/sync-cursor-routes.js';
import { registerWorkflowRoutes } from './http/routes/workflow-routes.js';
import { loadMsal } from './identity/confidential-client-factory.js';
import { MsalTokenProvider } from './identity/msal-token-provider.js';
import type { TokenProvider } from './identity/token-provider.js';
import { TracedTokenProvider } from './identity/traced-token-provider.js';
import { Deadline } from './net/deadline.js';
import { createTransport } from './net/transport.js';
import { lazyChildLoggerFactory } from './observability/lazy-child-logger.js';
import { asyncStdout, flushLog, loggerOptions, requestIdFrom } from './observability/logging.js';
import { ServiceMetrics } from './observability/metrics.js';
import { startTracing, type TracingOptions } from './observability/start-tracing.js';
import type { AuditStore } from './stores/audit/audit-store.js';
import { createAuditStore } from './stores/audit/create-audit-store.js';
import { createCursorStore } from './stores/create-store.js';
import type { CursorStore } from './stores/cursor-store.js';
import { RedisGraphBudget } from './stores/graph-budget/redis-graph-budget.js';
import { createIdempotencyStore } from './stores/idempotency/create-idempotency-store.js';
import type { IdempotencyStore } from './stores/idempotency/idempotency-store.js';
import { meteredStore } from './stores/metered-store.js';
import { RedisConnection } from './stores/redis-connection.js';
import { createRunStore } from './stores/workflow-runs/create-run-store.js';
import type { RunStore } from './stores/workflow-runs/run-store.js';
import { WorkflowEngine } from './workflows/workflow-engine.js';

export interface AppDependencies {
  /** Replaces the MSAL token provider (tests). */
  tokens?: TokenProvider;
  /** Replaces the Graph client (tests). */
  graph?: GraphCaller;
  /** Replaces the store STATE_STORE_URL names (tests). */
  cursors?: CursorStore;
  /** Replaces the idempotency records STATE_STORE_URL names (tests). */
  idempotency?: IdempotencyStore;
  /** Replaces the workflow run journal STATE_STORE_URL names (tests). */
  runs?: RunStore;
  /**
   * The Redis the rate limit and the Graph budget share, in place of the one a redis://
   * STATE_STORE_URL names (tests: replicas on Redis with a key prefix of their own, and a command
   * timeout a loaded test machine does not reach, so that no count falls back to the replica's own).
   */
  sharedLimits?: { url: string; keyPrefix: string; commandTimeoutMs?: number };
  /** Replaces the audit trail STATE_STORE_URL names (tests). */
  audit?: AuditStore;
  readinessChecks?: ReadinessCheck[];
  /** Where log lines go (tests capture them to prove no secret is logged). Default: stdout. */
  logStream?: DestinationStream;
  /** Turns tracing on with this exporter, spans unbatched (tests: an InMemorySpanExporter). */
  traceExporter?: TracingOptions['testExporter'];
}

/**
 * The composition root: builds the whole service from a validated config. It does not listen and
 * reads no environment, so tests, the OpenAPI export and the server all build the same app.
 */
export async function buildApp(
  config: AppConfig,
  dependencies: AppDependencies = {},
): Promise<FastifyInstance> {
  // Asynchronous writes to stdout: a log line never blocks the event loop; flushed on close.
  const logDestination = dependencies.logStream ?? asyncStdout();
  const app = Fastify({
    logger: {
      ...loggerOptions(config.logLevel),
      stream: logDestination,
    },
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']),
    // Fastify's two lines per request are off: one access line per request instead (access-log.ts).
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.bodyLimitBytes,
    // Node's own defaults let a stalled body hold a connection forever (Fastify turns the request
    // timeout off) and check the timeouts only every 30 s.
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    http: {
      headersTimeout: config.httpHeadersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, config.httpHeadersTimeoutMs),
    },
    clientErrorHandler: answerClientError,
    // Requests arriving while closing are refused by registerShutdownRefusal, as problem+json.
    return503OnClosing: false,
    // Every bad field reported at once, at a cost a hostile body cannot blow up (bounded-validation.ts).
    schemaController: { compilersFactory: { buildValidator: boundedValidatorFactory() } },
  });

  // Beyond this, Node closes new connections as they arrive.
  app.server.maxConnections = config.httpMaxConnections;

  const agent = createTransport({
    connections: config.graphMaxConnections,
    connectTimeoutMs: config.graphConnectTimeoutMs,
    headersTimeoutMs: config.graphResponseTimeoutMs,
    bodyTimeoutMs: config.graphResponseTimeoutMs,
  });
  const metrics = new ServiceMetrics();
  // Undefined unless OTEL_TRACES_EXPORTER asks for traces: then nothing below starts a span.
  const tracing = await startTracing({
    exporter: config.tracing.exporter,
    serviceName: config.tracing.serviceName,
    testExporter: dependencies.traceExporter,
  });
  const msalTokens = dependencies.tokens
    ? undefined
    : new MsalTokenProvider({
        dispatcher: agent,
        authorityHost: config.cloud.authorityHost,
        timeoutMs: config.tokenTimeoutMs,
        logger: app.log,
      });
  const untracedTokens = dependencies.tokens ?? msalTokens!;
  const tokens = tracing ? new TracedTokenProvider(untracedTokens, tracing) : untracedTokens;
  if (msalTokens) metrics.trackTokenAcquisitions(msalTokens);
  // With Redis as the state store, replicas share the per-key rate limit and each tenant's Graph
  // budget: one connection for both, with short timeouts, as requests wait for its answers.
  const limitsUrl =
    dependencies.sharedLimits?.url ??
    (/^rediss?:\/\//i.test(config.stateStoreUrl) ? config.stateStoreUrl : undefined);
  const limitsRedis =
    limitsUrl !== undefined && (config.rateLimitPerMinute > 0 || config.graphTenantBudgetPer10s > 0)
      ? new RedisConnection({
          url: limitsUrl,
          commandTimeoutMs: dependencies.sharedLimits?.commandTimeoutMs ?? 250,
          connectTimeoutMs: 2000,
          readyWaitMs: 250,
          onError: (error) => app.log.warn({ err: error }, 'shared limits store connection problem'),
        })
      : undefined;
  const limitsKeyPrefix = dependencies.sharedLimits?.keyPrefix ?? 'eum:';
  const graphBudget =
    config.graphTenantBudgetPer10s > 0
      ? new TenantGraphBudget({
          limit: config.graphTenantBudgetPer10s,
          shared:
            limitsRedis && new RedisGraphBudget({ connection: limitsRedis, keyPrefix: limitsKeyPrefix }),
          onWait: metrics.onBudgetWait,
        })
      : undefined;
  const bulkhead = new TenantBulkhead({
    concurrency: config.graphTenantConcurrency,
    queueLimit: config.graphTenantQueueLimit,
  });
  metrics.trackTenantLoad(() => bulkhead.snapshot());
  // Pipeline around the client: metrics(trace(bulkhead(client))), the trace span only when tracing
  // is on. An injected Graph stand-in (tests) replaces the client and its bulkhead, and is only
  // observed.
  const traced = (caller: GraphCaller) => (tracing ? new TracedGraphCaller(caller, tracing) : caller);
  const graph = new ObservedGraphCaller(
    dependencies.graph ??
      traced(
        new BulkheadGraphCaller(
          new GraphClient({
            cloud: config.cloud,
            apiVersion: config.graphApiVersion,
            responseTimeoutMs: config.graphResponseTimeoutMs,
            maxConnections: config.graphMaxConnections,
            connectTimeoutMs: config.graphConnectTimeoutMs,
            tokens,
            dispatcher: agent,
            onAttemptStatus: metrics.onGraphAttempt,
            retry: config.graphRetry,
            sleep: meteredSleep(metrics.onRetryWait),
            logger: app.log,
            tracing,
            budget: graphBudget,
          }),
          bulkhead,
          { onSlotWait: metrics.onSlotWait },
        ),
      ),
    metrics.onGraphCall,
  );

  // Credentials a request brings are believed once a token was acquired with them (cached, so the
  // Graph calls that follow reuse it).
  const proveConnection = async (connection: Connection) => {
    await tokens.getToken(connection, graph.cloud, new Deadline(config.requestTimeoutMs));
  };

  // Every store operation is timed and its failures counted (state_store_* metrics).
  const metered = <S extends object>(name: string, store: S): S =>
    meteredStore(store, name, metrics.onStoreOperation);
  // A store that cannot open stops the start with a message naming STATE_STORE_URL.
  const cursors = metered(
    'cursors',
    dependencies.cursors ??
      (await createCursorStore(config.stateStoreUrl, {
        redis: { onError: (error) => app.log.warn({ err: error }, 'state store connection problem') },
      }).catch((error: unknown) => {
        // The store's message names the path (or the redacted Redis URL); say which variable to fix.
        throw new ConfigError('STATE_STORE_URL', error instanceof Error ? error.message : String(error));
      })),
  );

  const idempotencyStore = metered(
    'idempotency',
    dependencies.idempotency ??
      (await createIdempotencyStore(dependencies.cursors ? 'memory:' : config.stateStoreUrl, {
        onRedisError: (error) => app.log.warn({ err: error }, 'state store connection problem'),
      }).catch((error: unknown) => {
        throw new ConfigError('STATE_STORE_URL', error instanceof Error ? error.message : String(error));
      })),
  );
  const runStore = metered(
    'runs',
    dependencies.runs ??
      (await createRunStore(dependencies.cursors ? 'memory:' : config.stateStoreUrl, {
        retentionMs: config.workflowRunRetentionMs,
        onRedisError: (error) => app.log.warn({ err: error }, 'state store connection problem'),
      }).catch((error: unknown) => {
        throw new ConfigError('STATE_STORE_URL', error instanceof Error ? error.message : String(error));
      })),
  );
  const auditStore = metered(
    'audit',
    dependencies.audit ??
      (await createAuditStore(dependencies.cursors ? 'memory:' : config.stateStoreUrl, {
        retentionMs: config.auditRetentionMs,
        onRedisError: (error) => app.log.warn({ err: error }, 'state store connection problem'),
      }).catch((error: unknown) => {
        throw new ConfigError('STATE_STORE_URL', error instanceof Error ? error.message : String(error));
      })),
  );
  const idempotency = {
    store: idempotencyStore,
    retentionMs: config.idempotencyRetentionMs,
    // Longer than any run can take (its deadline, plus the shutdown grace it may be given).
    leaseMs: config.requestTimeoutMs + config.shutdownGraceMs + 5000,
  };

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Readiness does not wait for MSAL (a fifth of start-up). It loads on the first token request, or
  // a moment after the service listens, so that its synchronous module evaluation neither delays
  // the first readiness probe nor the first call that needs a token.
  app.addHook('onListen', async () => {
    setTimeout(() => {
      loadMsal().catch((err: unknown) => app.log.error({ err }, 'MSAL failed to load'));
    }, 1000).unref();
  });
  app.addHook('onClose', async () => {
    await tokens.close();
    await agent.close();
    await cursors.close();
    await idempotencyStore.close();
    await runStore.close();
    await limitsRedis?.close();
    await auditStore.close();
    await tracing?.shutdown();
    await flushLog(logDestination);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // Responses finishing during shutdown close their keep-alive socket; otherwise an idle client
    // connection would hold the server open until the grace period ends.
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  // Only JSON bodies: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ProblemSchema);
  registerErrorHandler(app);
  await registerOpenApi(app);
  // First of the request hooks, so that the span covers refusals (auth, rate limit) too.
  if (tracing) registerRequestTracing(app, tracing);
  registerMetricsRoutes(app, metrics);
  registerSecurityHeaders(app);
  // Before the rate limit and auth: a stopping instance refuses whoever calls.
  registerShutdownRefusal(app, () => closing);
  registerIdleConnectionReaping(app);
  // Before auth, so that guessed keys spend their address's budget (see rate-limit.ts).
  await registerRateLimit(app, {
    perMinute: config.rateLimitPerMinute,
    apiKeys: config.authDisabled ? [] : config.apiKeys,
    shared: limitsRedis && { redis: limitsRedis.client, keyPrefix: `${limitsKeyPrefix}ratelimit:` },
  });
  registerApiKeyAuth(app, config.authDisabled ? [] : config.apiKeys);
  registerBodyShapeCheck(app);
  registerAccessLog(app);
  registerIdempotencyRecording(app, idempotency);
  registerHealthRoutes(
    app,
    [
      {
        name: 'store',
        // A write, not a read: a full disk or a held lock leaves reads working and every save failing.
        check: () =>
          cursors.checkWritable().then(
            () => true,
            (error: unknown) => {
              throw new Error(`${cursors.kind} store takes no writes (${errorText(error)})`);
            },
          ),
      },
      ...(dependencies.readinessChecks ?? []),
    ],
    () => closing,
  );
  registerCapabilityRoutes(app, {
    capabilities: CAPABILITIES,
    graph,
    graphApiVersion: config.graphApiVersion,
    cursors,
    connections: config,
    requestTimeoutMs: config.requestTimeoutMs,
    idempotency,
    proveConnection,
    audit: auditStore,
  });
  registerWorkflowRoutes(app, {
    engine: new WorkflowEngine({
      runs: runStore,
      audit: auditStore,
      graph,
      graphApiVersion: config.graphApiVersion,
      cursors,
      requestTimeoutMs: config.requestTimeoutMs,
      // Longer than any one step can take, as an idempotency lease is longer than any request.
      leaseMs: config.requestTimeoutMs + 5000,
      describeError: toProblem,
    }),
    connections: config,
    proveConnection,
  });
  registerBatchRoutes(app, {
    capabilities: CAPABILITIES,
    graph,
    graphApiVersion: config.graphApiVersion,
    cursors,
    connections: config,
    requestTimeoutMs: config.requestTimeoutMs,
    idempotency,
    graphConcurrency: config.batchGraphConcurrency,
    graphRetry: config.graphRetry,
    sleep: meteredSleep(metrics.onRetryWait),
    onItemStatus: metrics.onGraphBatchItem,
    audit: auditStore,
  });
  registerAuditRoutes(app, { audit: auditStore, connections: config, proveConnection });
  registerConnectionRoutes(app, {
    connections: config,
    tokens,
    graph,
    capabilityIds: CAPABILITIES.map((capability) => capability.id),
    requestTimeoutMs: config.requestTimeoutMs,
  });
  registerSyncCursorRoutes(app, {
    cursors,
    connections: config,
    proveConnection,
    graphBaseUrl: config.cloud.graphBaseUrl,
    graphApiVersion: config.graphApiVersion,
  });
  return app;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
