/**
 * A GraphCaller that runs every call inside its tenant's bulkhead slot (tenant-bulkhead.ts). It
 * wraps the GraphClient, so the slot is held across the client's retries and their waits: a
 * throttled tenant keeps its own calls back instead of piling more onto Graph.
 */
import type { CloudEndpoints } from '../config/connection.js';
import type { GraphCaller, GraphRequest, GraphResponse } from './graph-request.js';
import type { TenantBulkhead } from './tenant-bulkhead.js';

export interface BulkheadGraphCallerOptions {
  /** Told how long each call waited for its slot (metrics). */
  onSlotWait?: (waitedMs: number) => void;
  now?: () => number;
}

export class BulkheadGraphCaller implements GraphCaller {
  readonly cloud: CloudEndpoints;
  readonly #now: () => number;

  constructor(
    private readonly inner: GraphCaller,
    private readonly bulkhead: TenantBulkhead,
    private readonly options: BulkheadGraphCallerOptions = {},
  ) {
    this.cloud = inner.cloud;
    this.#now = options.now ?? Date.now;
  }

  async send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>> {
    const asked = this.#now();
    // A free slot is taken without awaiting: no promise and no microtask turn for the usual case.
    const release =
      this.bulkhead.tryAcquire(request.connection.tenantId) ??
      (await this.bulkhead.acquire(request.connection.tenantId, request.deadline));
    this.options.onSlotWait?.(this.#now() - asked);
    try {
      return await this.inner.send<T>(request);
    } finally {
      release();
    }
  }
}
