import { GraphError } from '../graph/graph-error.js';
import type { GraphCaller, GraphRequest, GraphResponse } from '../graph/graph-request.js';

/** A step keeps at most this many request ids (a step makes a handful of calls; retries add some). */
const MAX_IDS = 50;

/**
 * The Graph caller a step runs with: the service's own, noting Graph's `request-id` of every
 * answer (a success or a Graph error), which the journal keeps for Microsoft support.
 */
export class RecordingGraph implements GraphCaller {
  readonly requestIds: string[] = [];

  constructor(private readonly inner: GraphCaller) {}

  get cloud() {
    return this.inner.cloud;
  }

  async send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    try {
      const response = await this.inner.send<T>(request);
      this.#note(response.headers['request-id']);
      return response;
    } catch (error) {
      if (error instanceof GraphError) this.#note(error.requestId);
      throw error;
    }
  }

  #note(requestId: string | undefined): void {
    if (requestId && this.requestIds.length < MAX_IDS) this.requestIds.push(requestId);
  }
}
