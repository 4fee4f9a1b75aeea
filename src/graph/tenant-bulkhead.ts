/**
 * Per-tenant bulkhead: at most `concurrency` Graph calls of one tenant run at once, the rest wait
 * in a FIFO queue of bounded length. Each tenant has its own slots, so a burst from tenant A can
 * only ever fill A's queue: tenant B's calls never wait behind A's. Graph's directory throttling
 * budgets are per tenant (and per app in a tenant), so capping per tenant matches how Graph pushes back.
 * @see https://learn.microsoft.com/graph/throttling-limits
 */
import type { Deadline } from '../net/deadline.js';
import { GraphUnavailableError } from './graph-error.js';

export interface TenantBulkheadOptions {
  /** Calls of one tenant in flight at once. */
  concurrency: number;
  /** Calls of one tenant that may wait; 0 means "fail fast when every slot is busy". */
  queueLimit: number;
  now?: () => number;
}

/** The tenant's queue is full: the caller gets 503 TENANT_QUEUE_FULL with this Retry-After. */
export class TenantQueueFullError extends Error {
  override readonly name = 'TenantQueueFullError';
  constructor(
    readonly tenantId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many Graph calls are waiting for tenant ${tenantId}`);
  }
}

export interface TenantLoad {
  tenantId: string;
  active: number;
  queued: number;
}

interface Waiter {
  grant: () => void;
}

interface Lane {
  active: number;
  queue: Waiter[];
  /** Moving average of how long a slot is held, for the Retry-After estimate. */
  averageHoldMs: number;
}

/** Used before any call of the tenant finished: a guess of one Graph round trip with a retry. */
const INITIAL_HOLD_MS = 1_000;
const MAX_RETRY_AFTER_SECONDS = 60;

export class TenantBulkhead {
  readonly #lanes = new Map<string, Lane>();
  readonly #now: () => number;

  constructor(private readonly options: TenantBulkheadOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new TypeError('TenantBulkhead concurrency must be an integer >= 1');
    }
    if (!Number.isInteger(options.queueLimit) || options.queueLimit < 0) {
      throw new TypeError('TenantBulkhead queueLimit must be an integer >= 0');
    }
    this.#now = options.now ?? Date.now;
  }

  /**
   * Waits for a slot of the tenant and resolves with its release function (call it exactly once).
   * Rejects at once with TenantQueueFullError when the queue is full, and with a timeout
   * GraphUnavailableError when `deadline` (the capability's) passes while waiting, so time in the
   * queue counts against REQUEST_TIMEOUT_MS like time spent talking to Graph.
   */
  async acquire(tenantId: string, deadline?: Deadline): Promise<() => void> {
    const free = this.tryAcquire(tenantId);
    if (free) return free;
    const key = tenantId.toLowerCase();
    const lane = this.#lanes.get(key)!;
    if (lane.queue.length >= this.options.queueLimit) {
      this.#forgetIfIdle(key, lane);
      throw new TenantQueueFullError(key, this.#retryAfterSeconds(lane));
    }
    if (deadline?.expired) throw deadlinePassed();
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          cancelExpiry?.();
          resolve();
        },
      };
      const cancelExpiry = deadline?.whenExpired(() => {
        const at = lane.queue.indexOf(waiter);
        if (at >= 0) lane.queue.splice(at, 1);
        this.#forgetIfIdle(key, lane);
        reject(deadlinePassed());
      });
      lane.queue.push(waiter);
    });
    // The slot was handed over by the releasing call (active was not decremented for it).
    return this.#releaser(key, lane);
  }

  /**
   * A free slot of the tenant at once (its release function), or undefined when every slot is
   * busy; then `acquire` queues. Lets a caller skip a promise and a microtask turn when there is
   * no wait, the usual case.
   */
  tryAcquire(tenantId: string): (() => void) | undefined {
    const key = tenantId.toLowerCase();
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { active: 0, queue: [], averageHoldMs: INITIAL_HOLD_MS };
      this.#lanes.set(key, lane);
    }
    if (lane.active >= this.options.concurrency) return undefined;
    lane.active += 1;
    return this.#releaser(key, lane);
  }

  /** Current load of every tenant that has calls in flight or waiting. */
  snapshot(): TenantLoad[] {
    return [...this.#lanes].map(([tenantId, lane]) => ({
      tenantId,
      active: lane.active,
      queued: lane.queue.length,
    }));
  }

  #releaser(key: string, lane: Lane): () => void {
    const started = this.#now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.averageHoldMs = 0.8 * lane.averageHoldMs + 0.2 * Math.max(0, this.#now() - started);
      const next = lane.queue.shift();
      // Hand the slot straight to the oldest waiter (FIFO): nobody can overtake it in between.
      if (next) next.grant();
      else {
        lane.active -= 1;
        this.#forgetIfIdle(key, lane);
      }
    };
  }

  /** Idle tenants are dropped so the map stays as small as the set of busy tenants. */
  #forgetIfIdle(key: string, lane: Lane): void {
    if (lane.active === 0 && lane.queue.length === 0) this.#lanes.delete(key);
  }

  /** Roughly when a queue slot should be free again: the queue drained at the observed pace. */
  #retryAfterSeconds(lane: Lane): number {
    const drainMs = ((lane.queue.length + 1) / this.options.concurrency) * lane.averageHoldMs;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(drainMs / 1000)));
  }
}

function deadlinePassed(): GraphUnavailableError {
  return new GraphUnavailableError(
    'timeout',
    "The call's deadline passed while it waited for a free Graph slot of its tenant",
  );
}
