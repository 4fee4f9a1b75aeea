/**
 * A GraphCaller that sends requests in Graph `$batch` requests instead of one by one. Each `send`
 * is queued; a `$batch` of up to 20 goes out when 20 wait (or a moment after the first one came,
 * so requests made together travel together), at most `maxInFlight` at once, each through the
 * inner caller (so one `$batch` takes one slot of its tenant's bulkhead). Every item's answer is
 * handed back as if the request had been sent alone: a GraphResponse, or the same GraphError the
 * client would throw. Capabilities run unchanged on it.
 *
 * Retries follow retry-policy.ts per item, as the client does per call: a throttled item (429 in
 * the batch's 200) waits its own Retry-After and goes into a later `$batch`; a 503/504 item is
 * repeated only when repeating it is harmless. The `$batch` request itself is sent as
 * non-idempotent, so the client repeats it only when Graph cannot have run any of its items; a
 * 503/504 or dropped connection on the whole is then judged per item by the same rules.
 * @see https://learn.microsoft.com/graph/json-batching
 * @see https://learn.microsoft.com/graph/throttling#throttling-and-batching
 */
import { type CloudEndpoints, type Connection, credentialMaterial } from '../config/connection.js';
import { Deadline } from '../net/deadline.js';
import { abortableSleep, type Sleep } from '../net/sleep.js';
import { clientRequestIdFor } from './client-request-id.js';
import { type BatchItemAnswer, readBatchItemAnswer } from './graph-batch-answer.js';
import { GraphError, GraphUnavailableError } from './graph-error.js';
import type { GraphCaller, GraphRequest, GraphResponse } from './graph-request.js';
import { graphRelativeTarget } from './graph-url.js';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_OPTIONS,
  isIdempotent,
  mayHaveBeenApplied,
  planRetry,
  type RetryOptions,
} from './retry-policy.js';

/** Graph's limit of requests in one `$batch`. */
export const GRAPH_BATCH_LIMIT = 20;

export interface GraphBatchPackerOptions {
  /** `$batch` requests in flight at once. */
  maxInFlight: number;
  /** Our request id: each `$batch` is named after it (and so gets a client-request-id of its own). */
  requestId: string;
  /** How long a partial `$batch` waits for more requests to join it. Default 2 ms. */
  lingerMs?: number;
  retry?: Partial<RetryOptions>;
  sleep?: Sleep;
  random?: () => number;
  /** Told the status of every item answer, retried ones included (metrics). */
  onItemStatus?: (status: number) => void;
}

interface Pending {
  request: GraphRequest;
  /** The item's `url`, relative to the version root. */
  url: string;
  clientRequestId: string;
  idempotent: boolean;
  retriesDone: number;
  waitedMs: number;
  mayHaveApplied: boolean;
  resolve(response: GraphResponse): void;
  reject(error: unknown): void;
}

/** Headers the packer sets on an item itself; a caller's copy is dropped. */
const RESERVED_HEADERS = new Set(['authorization', 'client-request-id', 'content-type', 'retry-attempt']);

export class GraphBatchPacker implements GraphCaller {
  readonly cloud: CloudEndpoints;
  /** Waiting requests per connection: a `$batch` carries one token, so it holds one connection's requests. */
  readonly #lanes = new Map<string, Pending[]>();
  readonly #retry: RetryOptions;
  readonly #sleep: Sleep;
  readonly #random: () => number;
  readonly #lingerMs: number;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;

  constructor(
    private readonly inner: GraphCaller,
    private readonly options: GraphBatchPackerOptions,
  ) {
    this.cloud = inner.cloud;
    this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.#lingerMs = options.lingerMs ?? 2;
  }

  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    // Graph runs no `$batch` inside another: a custom call to it goes on its own.
    if (/^\/(\$|%24)batch\/?$/i.test(request.path)) return this.inner.send<T>(request);
    return new Promise<GraphResponse<T>>((resolve, reject) => {
      const pending: Pending = {
        request,
        // Checked as the client checks it; a path it would refuse fails here, before any batch.
        url: graphRelativeTarget(request.path, request.query),
        clientRequestId: clientRequestIdFor(request.requestId),
        idempotent: isIdempotent(request.method, request.idempotent),
        retriesDone: 0,
        waitedMs: 0,
        mayHaveApplied: false,
        resolve: resolve as (response: GraphResponse) => void,
        reject,
      };
      this.#enqueue(pending);
    });
  }

  #enqueue(pending: Pending): void {
    const key = laneKey(pending.request.connection);
    const lane = this.#lanes.get(key);
    if (lane) lane.push(pending);
    else this.#lanes.set(key, [pending]);
    this.#pump(false);
  }

  /** Sends what may go: full batches at once, partial ones when the linger has passed. */
  #pump(lingered: boolean): void {
    while (this.#inFlight < this.options.maxInFlight) {
      const items = this.#take(lingered);
      if (!items) break;
      void this.#sendBatch(items);
    }
    if (this.#timer === undefined && this.#lanes.size > 0 && this.#inFlight < this.options.maxInFlight) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump(true);
      }, this.#lingerMs);
    }
  }

  #take(lingered: boolean): Pending[] | undefined {
    for (const [key, lane] of this.#lanes) {
      if (lane.length < GRAPH_BATCH_LIMIT && !lingered) continue;
      const items = lane.splice(0, GRAPH_BATCH_LIMIT);
      if (lane.length === 0) this.#lanes.delete(key);
      return items;
    }
    return undefined;
  }

  async #sendBatch(pendings: Pending[]): Promise<void> {
    this.#inFlight += 1;
    try {
      const items = pendings.filter((pending) => {
        if (!pending.request.deadline?.expired) return true;
        pending.reject(
          new GraphUnavailableError('timeout', "The call's deadline passed before its batch was sent"),
        );
        return false;
      });
      if (items.length > 0) await this.#exchange(items);
    } finally {
      this.#inFlight -= 1;
      this.#pump(false);
    }
  }

  async #exchange(items: Pending[]): Promise<void> {
    this.#sent += 1;
    let response: GraphResponse<{ responses?: unknown }>;
    try {
      response = await this.inner.send<{ responses?: unknown }>({
        connection: items[0]!.request.connection,
        method: 'POST',
        path: '/$batch',
        // Graph sees one call for all items; metrics and traces count it as the batch's.
        capability: 'batch',
        body: { requests: items.map((item, at) => wireItem(item, String(at + 1))) },
        // Repeated by the client only where Graph cannot have run an item (429, no connection).
        idempotent: false,
        requestId: `${this.options.requestId}/$batch-${this.#sent}`,
        deadline: batchDeadline(items),
      });
    } catch (error) {
      for (const item of items) this.#settle(item, batchFailure(error));
      return;
    }
    const answers = answersById(response.body);
    const nowMs = Date.now();
    items.forEach((item, at) => {
      const answer = answers.get(String(at + 1));
      if (answer === undefined) {
        // Whether Graph ran it is unknown: report it the way a lost answer is reported.
        this.#settle(item, {
          error: new GraphUnavailableError(
            'bad_response',
            "Graph's batch answer lacked one of its requests.",
          ),
        });
        return;
      }
      this.options.onItemStatus?.(answer.status);
      const outcome = readBatchItemAnswer(answer, item.request, {
        envelopeHeaders: response.headers,
        clientRequestId: item.clientRequestId,
        nowMs,
      });
      if (outcome instanceof GraphError) {
        this.#settle(item, { error: outcome, attempt: statusOutcome(outcome) });
      } else if (outcome instanceof GraphUnavailableError) this.#settle(item, { error: outcome });
      else item.resolve(outcome);
    });
  }

  /** An item failed: retried later on its own plan (as the client would), or its caller is told. */
  #settle(item: Pending, failure: { error: unknown; attempt?: AttemptOutcome }): void {
    const { error, attempt } = failure;
    if (error instanceof GraphError) error.earlierAttemptMayHaveApplied = item.mayHaveApplied;
    if (attempt === undefined || item.request.deadline?.expired) {
      item.reject(error);
      return;
    }
    const decision = planRetry(attempt, item.idempotent, item, this.#retry, this.#random);
    if (!decision.retry) {
      item.reject(error);
      return;
    }
    item.mayHaveApplied ||= mayHaveBeenApplied(attempt);
    this.#sleep(decision.delayMs, item.request.deadline?.signal).then(
      () => {
        item.waitedMs += decision.delayMs;
        item.retriesDone += 1;
        this.#enqueue(item);
      },
      // The caller's deadline came first: it hears what Graph last said.
      () => item.reject(error),
    );
  }
}

function wireItem(item: Pending, id: string): Record<string, unknown> {
  const { request } = item;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  // Its own id, so Graph (and the emulator's Retry-After check) can tell this item's retries.
  headers['client-request-id'] = item.clientRequestId;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (item.retriesDone > 0) headers['retry-attempt'] = String(item.retriesDone);
  return {
    id,
    method: request.method,
    url: item.url,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}

/** The whole `$batch` failed: what each item heard, and whether its own retry rules may repeat it. */
function batchFailure(error: unknown): { error: unknown; attempt?: AttemptOutcome } {
  if (error instanceof GraphError && (error.status === 503 || error.status === 504)) {
    return { error, attempt: statusOutcome(error) };
  }
  // The client gave up on a connection that broke after sending: Graph may have run the items.
  if (error instanceof GraphUnavailableError && error.reason === 'unreachable') {
    return { error, attempt: { kind: 'transport', failure: 'dropped' } };
  }
  return { error };
}

function statusOutcome(error: GraphError): AttemptOutcome {
  return {
    kind: 'status',
    status: error.status,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterMs: error.retryAfterSeconds * 1000 }),
  };
}

/** Long enough for the item with the most time left; items are sent with time to spare or not at all. */
function batchDeadline(items: Pending[]): Deadline | undefined {
  let longest = 0;
  for (const item of items) {
    if (item.request.deadline === undefined) return undefined;
    longest = Math.max(longest, item.request.deadline.remainingMs());
  }
  return new Deadline(longest);
}

function answersById(body: { responses?: unknown } | null): Map<string, BatchItemAnswer> {
  const answers = new Map<string, BatchItemAnswer>();
  const list = Array.isArray(body?.responses) ? body.responses : [];
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const answer = entry as Partial<BatchItemAnswer>;
    if (typeof answer.id === 'string' && typeof answer.status === 'number') {
      answers.set(answer.id, answer as BatchItemAnswer);
    }
  }
  return answers;
}

function laneKey(connection: Connection): string {
  return JSON.stringify([
    connection.tenantId.toLowerCase(),
    connection.clientId.toLowerCase(),
    credentialMaterial(connection),
  ]);
}
