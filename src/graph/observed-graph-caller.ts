/**
 * A GraphCaller that reports how each call ended (Graph's final status, or why Graph never
 * answered) and how long it took, retries and queueing included. Metrics listen; the Graph layer
 * itself stays free of any metrics library.
 */
import type { CloudEndpoints } from '../config/connection.js';
import { GraphError, GraphUnavailableError } from './graph-error.js';
import type { GraphCaller, GraphMethod, GraphRequest, GraphResponse } from './graph-request.js';
import { TenantQueueFullError } from './tenant-bulkhead.js';

/** `200`, `429`... for an answer from Graph; `timeout`, `unreachable`, `bad_response`, `queue_full` otherwise. */
export type GraphCallOutcome = string;

/** `request` names the capability and tenant the call was made for (the metrics label by them). */
export type GraphCallListener = (
  method: GraphMethod,
  outcome: GraphCallOutcome,
  durationMs: number,
  request: Pick<GraphRequest, 'capability' | 'connection'>,
) => void;

export class ObservedGraphCaller implements GraphCaller {
  readonly cloud: CloudEndpoints;

  constructor(
    private readonly inner: GraphCaller,
    private readonly listener: GraphCallListener,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.cloud = inner.cloud;
  }

  async send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const started = this.now();
    try {
      const response = await this.inner.send<T>(request);
      this.listener(request.method, String(response.status), this.now() - started, request);
      return response;
    } catch (error) {
      this.listener(request.method, outcomeOf(error), this.now() - started, request);
      throw error;
    }
  }
}

/** Graph's status of a failed call, or why Graph never answered. */
export function outcomeOf(error: unknown): GraphCallOutcome {
  if (error instanceof GraphError) return String(error.status);
  if (error instanceof GraphUnavailableError) return error.reason;
  if (error instanceof TenantQueueFullError) return 'queue_full';
  return 'error';
}
