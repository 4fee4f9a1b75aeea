/**
 * The Graph client: one request in, Graph's answer or a typed error out. The pipeline, in order:
 *   1. target: version-rooted URL, path checks (graph-url.ts)
 *   2. token: TokenProvider.getToken (MSAL cache or single-flight acquisition)
 *   3. transport: one attempt on the shared undici dispatcher, body always drained
 *   4. error mapping: Graph envelope -> GraphError, socket errors -> GraphUnavailableError
 *   5. retry: 401 InvalidAuthenticationToken once with a fresh token; 429/503/504/connection
 *      errors per retry-policy.ts, never earlier than Retry-After, within the caller's signal.
 */
import type { Dispatcher } from 'undici';
import type { CloudEndpoints } from '../config/connection.js';
import type { TokenProvider } from '../identity/token-provider.js';
import type { Deadline } from '../net/deadline.js';
import { abortableSleep, type Sleep } from '../net/sleep.js';
import {
  classifyTransportFailure,
  describeTransportFailure,
  type TransportFailureKind,
  transportReason,
} from '../net/transport-failure.js';
import type { LogSink } from '../observability/log-sink.js';
import type { Tracing } from '../observability/tracing.js';
import { clientRequestIdFor } from './client-request-id.js';
import { GraphError, GraphUnavailableError } from './graph-error.js';
import type { GraphCaller, GraphRequest, GraphResponse } from './graph-request.js';
import { readGraphAnswer } from './graph-response.js';
import { attemptAttributes, attemptOutcomeAttributes, retryWaitAttributes } from './graph-span-attributes.js';
import { graphTarget } from './graph-url.js';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_OPTIONS,
  isIdempotent,
  mayHaveBeenApplied,
  planRetry,
  type RetryOptions,
} from './retry-policy.js';

export interface GraphClientOptions {
  cloud: CloudEndpoints;
  apiVersion: 'v1.0' | 'beta';
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  retry?: Partial<RetryOptions>;
  logger?: LogSink;
  /** Injected in tests so retries do not wait for real. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Told the status of every answer Graph sends, retried attempts included (metrics count throttling with it). */
  onAttemptStatus?: (status: number) => void;
  /**
   * The dispatcher's own headers/body timeout (GRAPH_RESPONSE_TIMEOUT_MS): an attempt gets this, or
   * what is left of the caller's deadline when that is less. Default 30 s, the transport's default.
   */
  responseTimeoutMs?: number;
  /**
   * The dispatcher's connections per origin (GRAPH_MAX_CONNECTIONS) and connect timeout
   * (GRAPH_CONNECT_TIMEOUT_MS), defaults 64 and 5 s: while fewer calls are in flight and more time
   * is left than a connect may take, nothing can wait outside undici's own timers.
   */
  maxConnections?: number;
  connectTimeoutMs?: number;
  /**
   * OpenTelemetry (off when absent): a client span per attempt, with Graph's request-id and our
   * client-request-id, the trace context sent to Graph in `traceparent`, and a span per wait
   * between retries.
   */
  tracing?: Tracing;
  /**
   * Asked before every attempt, retries included (each is a request Graph counts): resolves when
   * the tenant's Graph budget has room (tenant-graph-budget.ts); undefined means "send now".
   */
  budget?: { admit(request: GraphRequest): Promise<void> | undefined };
}

/** Headers the client owns; a caller's copy is dropped rather than sent twice. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'client-request-id',
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'retry-attempt',
]);

class TransportFailure {
  constructor(
    readonly kind: TransportFailureKind,
    readonly cause: unknown,
  ) {}
}

export class GraphClient implements GraphCaller {
  readonly cloud: CloudEndpoints;
  private readonly retry: RetryOptions;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly responseTimeoutMs: number;
  private readonly maxConnections: number;
  private readonly connectTimeoutMs: number;
  /** Attempts on the wire now: at the pool's size, the next one may queue inside undici. */
  private inFlight = 0;

  constructor(private readonly options: GraphClientOptions) {
    this.cloud = options.cloud;
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
    this.maxConnections = options.maxConnections ?? 64;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  }

  async send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const target = graphTarget(this.cloud.graphBaseUrl, this.options.apiVersion, request.path, request.query);
    const clientRequestId = clientRequestIdFor(request.requestId);
    const idempotent = isIdempotent(request.method, request.idempotent);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const log = this.options.logger;
    log?.debug({ requestId: request.requestId, clientRequestId, method: request.method }, 'graph call');

    const tracing = this.options.tracing;
    let retriesDone = 0;
    let waitedMs = 0;
    let reauthenticated = false;
    let earlierAttemptMayHaveApplied = false;
    for (;;) {
      const token = await this.options.tokens.getToken(request.connection, this.cloud, request.deadline);
      const waiting = this.options.budget?.admit(request);
      if (waiting) await waiting;
      const headers = this.headersFor(request, token, clientRequestId, body !== undefined, retriesDone);
      const outcome =
        tracing === undefined
          ? await this.attempt(target.origin, target.pathAndQuery, request, headers, body)
          : await this.tracedAttempt(tracing, target, request, headers, body, clientRequestId, retriesDone);
      request.observer?.attempted(outcome instanceof TransportFailure ? outcome.kind : outcome.status);
      if (!(outcome instanceof GraphError) && !(outcome instanceof TransportFailure)) {
        return outcome as GraphResponse<T>;
      }
      if (isInvalidToken(outcome) && !reauthenticated) {
        // MSAL still thinks its cached token is good (revoked, or signed by a rotated key).
        reauthenticated = true;
        await this.options.tokens.invalidate(request.connection, this.cloud);
        continue;
      }
      if (outcome instanceof GraphError) outcome.earlierAttemptMayHaveApplied = earlierAttemptMayHaveApplied;
      const attemptOutcome = toAttemptOutcome(outcome);
      const decision = planRetry(
        attemptOutcome,
        idempotent,
        { retriesDone, waitedMs },
        this.retry,
        this.random,
      );
      if (!decision.retry || request.deadline?.expired) throw finalError(outcome);
      earlierAttemptMayHaveApplied ||= mayHaveBeenApplied(attemptOutcome);
      log?.warn(
        {
          requestId: request.requestId,
          clientRequestId,
          status: outcome instanceof GraphError ? outcome.status : outcome.kind,
          retry: retriesDone + 1,
          delayMs: decision.delayMs,
        },
        'graph call will be retried',
      );
      try {
        if (tracing === undefined) await this.sleep(decision.delayMs, request.deadline?.signal);
        else {
          const reason = outcome instanceof GraphError ? outcome.status : outcome.kind;
          await tracing.inSpan(
            'graph retry wait',
            'internal',
            retryWaitAttributes(decision.delayMs, reason),
            () => this.sleep(decision.delayMs, request.deadline?.signal),
          );
        }
      } catch {
        // The caller's deadline came first: report what Graph last said, not the abort.
        throw finalError(outcome);
      }
      waitedMs += decision.delayMs;
      retriesDone += 1;
    }
  }

  private headersFor(
    request: GraphRequest,
    token: string,
    clientRequestId: string,
    hasBody: boolean,
    retriesDone: number,
  ): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const lower = name.toLowerCase();
      if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
    }
    headers['authorization'] = `Bearer ${token}`;
    headers['client-request-id'] = clientRequestId;
    if (hasBody) headers['content-type'] = 'application/json';
    // Same header as the Graph SDKs' RetryHandler; lets Graph (and the emulator) see retries.
    if (retriesDone > 0) headers['retry-attempt'] = String(retriesDone);
    return headers;
  }

  /** One attempt as a client span; the span's context goes to Graph in `traceparent`. */
  private tracedAttempt(
    tracing: Tracing,
    target: { origin: string; pathAndQuery: string },
    request: GraphRequest,
    headers: Record<string, string>,
    body: string | undefined,
    clientRequestId: string,
    retriesDone: number,
  ): Promise<GraphResponse | GraphError | TransportFailure> {
    const { origin, pathAndQuery } = target;
    const attributes = attemptAttributes(request.method, origin, pathAndQuery, clientRequestId, retriesDone);
    return tracing.inSpan(request.method, 'client', attributes, async (span) => {
      tracing.injectInto(headers);
      const answer = await this.attempt(origin, pathAndQuery, request, headers, body);
      const ended = attemptOutcomeAttributes(answer instanceof TransportFailure ? answer.kind : answer);
      span.setAttributes(ended.attributes);
      if (ended.errorType !== undefined) span.fail(ended.errorType);
      return answer;
    });
  }

  private async attempt(
    origin: string,
    path: string,
    request: GraphRequest,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<GraphResponse | GraphError | TransportFailure> {
    const { deadline } = request;
    const responseTimeoutMs = deadline === undefined ? undefined : this.attemptTimeoutMs(deadline);
    if (responseTimeoutMs === 0) return new TransportFailure('timeout', undefined);
    this.inFlight += 1;
    try {
      return await this.exchange(origin, path, request, headers, body, responseTimeoutMs);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async exchange(
    origin: string,
    path: string,
    request: GraphRequest,
    headers: Record<string, string>,
    body: string | undefined,
    responseTimeoutMs: number | undefined,
  ): Promise<GraphResponse | GraphError | TransportFailure> {
    const { deadline } = request;
    // An AbortSignal per call cost more CPU than anything else the service added (bench/RESULTS.md),
    // so the deadline normally reaches undici as its own header and body timeouts. A signal is
    // attached only when the attempt could wait where those do not reach: queued behind a full
    // pool, or connecting with less time left than a connect may take.
    const mayWaitUnseen =
      deadline !== undefined &&
      (this.inFlight > this.maxConnections || deadline.remainingMs() < this.connectTimeoutMs);
    const signal = mayWaitUnseen ? deadline.signal : deadline?.existingSignal;
    let res: Dispatcher.ResponseData;
    try {
      const sent = this.options.dispatcher.request({
        origin,
        path,
        method: request.method,
        headers,
        body,
        headersTimeout: responseTimeoutMs,
        bodyTimeout: responseTimeoutMs,
        signal,
      });
      // undici rejects a queued request for its signal only once it reaches a connection.
      res = mayWaitUnseen ? await deadline.race(sent, (late) => late.body.destroy()) : await sent;
    } catch (err) {
      return new TransportFailure(classifyTransportFailure(err, signal), err);
    }
    this.options.onAttemptStatus?.(res.statusCode);
    try {
      const answer = await readGraphAnswer(res, Date.now(), request.responseType);
      this.options.logger?.debug(
        {
          requestId: request.requestId,
          status: res.statusCode,
          graphRequestId: answer instanceof GraphError ? answer.requestId : answer.headers['request-id'],
        },
        'graph answered',
      );
      return answer;
    } catch (err) {
      if (err instanceof GraphUnavailableError) throw err;
      return new TransportFailure(classifyTransportFailure(err, signal), err);
    }
  }

  /** The configured response timeout, or less when the deadline is nearer; 0 when it has passed. */
  private attemptTimeoutMs(deadline: Deadline): number {
    const remaining = deadline.remainingMs();
    return remaining === 0 ? 0 : Math.min(this.responseTimeoutMs, Math.ceil(remaining));
  }
}

function isInvalidToken(outcome: GraphError | TransportFailure): boolean {
  return (
    outcome instanceof GraphError && outcome.status === 401 && outcome.code === 'InvalidAuthenticationToken'
  );
}

function toAttemptOutcome(outcome: GraphError | TransportFailure): AttemptOutcome {
  if (outcome instanceof TransportFailure) return { kind: 'transport', failure: outcome.kind };
  const retryAfterMs = outcome.retryAfterSeconds === undefined ? undefined : outcome.retryAfterSeconds * 1000;
  return { kind: 'status', status: outcome.status, retryAfterMs };
}

function finalError(outcome: GraphError | TransportFailure): Error {
  if (outcome instanceof GraphError) return outcome;
  const message =
    outcome.kind === 'aborted'
      ? 'The caller stopped waiting for Graph'
      : `Graph could not be reached: ${describeTransportFailure(outcome.kind, outcome.cause)}`;
  return new GraphUnavailableError(transportReason(outcome.kind), message);
}
