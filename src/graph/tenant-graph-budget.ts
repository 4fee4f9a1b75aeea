/**
 * A shared budget of Graph requests per app and tenant (GRAPH_TENANT_BUDGET_PER_10S): every
 * attempt the client sends draws from it first, and when it is spent the call waits for the window
 * to free up instead of sending and collecting a 429 (whose Retry-After would hold the whole app
 * back). Graph's identity and access budget is per application+tenant pair and counts each item of
 * a `$batch` as a request, so the key is the tenant and client id and a `$batch` draws one per item.
 * @see https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
 *
 * With Redis (`shared`) every replica draws from one budget; while it is not connected, or a draw
 * fails, the replica draws from its own window instead (the same degradation as the rate limit).
 * Waiting calls of one key queue here in FIFO order and only the head asks the budget again, so a
 * saturated tenant costs one budget round trip per freed slot, not one per waiting call.
 *
 * A round trip to Redis before every attempt cost about as much CPU as the rest of a read-user call
 * (bench/RESULTS.md), so a replica takes a few slots more than it needs when the window has room
 * and spends them over the next LEASE_MS without asking (a lease): about as many as it sent in the
 * last LEASE_MS, at most MAX_SPARE. Leased slots are counted in Redis when taken, so the budget
 * still holds across replicas; a lease not spent in time is dropped (counted, unused: at most one
 * lease per key and replica every LEASE_MS), and at saturation Redis has no spare to lease. A call
 * whose deadline would pass before the budget has room fails at once with
 * TenantBudgetSpentError (429 GRAPH_THROTTLED with Retry-After).
 */
import type { Deadline } from '../net/deadline.js';
import type { GraphRequest } from './graph-request.js';
import { type BudgetDecision, SlidingWindowLog } from './sliding-window-log.js';

/** What the Redis budget (src/stores/graph-budget/) offers; defined here so graph/ need not import it. */
export interface SharedBudget {
  /** False while the store is not connected: the caller should not wait for it. */
  readonly ready: boolean;
  /** `spare`: up to this many slots more, if the window has room for them after `count`. */
  take(key: string, count: number, limit: number, windowMs: number, spare?: number): Promise<BudgetDecision>;
}

export interface TenantGraphBudgetOptions {
  /** Graph requests one app may send to one tenant in any window. */
  limit: number;
  /** Default 10.5 s: Graph's identity and access window plus a margin for delivery (below). */
  windowMs?: number;
  shared?: SharedBudget | undefined;
  /** Told how long each call that had to wait waited (metrics). */
  onWait?: (waitedMs: number) => void;
  now?: () => number;
  /** Injected in tests: resolves once `ms` have passed (on the injected clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** The budget will not have room before the call's deadline: 429 GRAPH_THROTTLED with this Retry-After. */
export class TenantBudgetSpentError extends Error {
  override readonly name = 'TenantBudgetSpentError';
  constructor(
    readonly tenantId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`The Graph request budget of tenant ${tenantId} is spent for the next ${retryAfterSeconds} s`);
  }
}

interface Waiter {
  count: number;
  tenantId: string;
  deadline: Deadline | undefined;
  askedAt: number;
  grant: () => void;
  refuse: (error: Error) => void;
}

interface Lane {
  waiters: Waiter[];
  pumping: boolean;
}

/**
 * A grant counts for 10.5 s, not Graph's 10: Graph counts a request when it arrives, and one
 * granted at the end of a window can spend a few hundred milliseconds on a busy host before it is
 * sent. Measured (bench/RESULTS.md): with an exact 10 s, two replicas at a saturated budget put up
 * to 15 % more than the budget into some 10 s of arrivals and collected Graph 429s; with 10.5 s,
 * none. Costs 5 % of the sustained rate.
 */
const DEFAULT_WINDOW_MS = 10_500;
/** Spreads replicas' heads waking for the same freed slot. */
const MAX_JITTER_MS = 25;
/**
 * How long leased slots may be spent. A leased slot is counted when taken and may be sent up to
 * this much later: well inside the half second DEFAULT_WINDOW_MS adds for delivery.
 */
const LEASE_MS = 100;
/** The most slots one lease holds beyond the request that took it. */
const MAX_SPARE = 31;

/** Slots of one key this replica took ahead, and its recent rate, which sizes the next lease. */
interface Lease {
  slots: number;
  expiresAt: number;
  /** Slots admitted since `since`; every LEASE_MS they become `lastPeriod`. */
  admitted: number;
  since: number;
  lastPeriod: number;
  /** A take with spare is on its way: others take only what they need meanwhile. */
  refilling: boolean;
}

export class TenantGraphBudget {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #local: SlidingWindowLog;
  readonly #lanes = new Map<string, Lane>();
  readonly #leases = new Map<string, Lease>();
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #lastSweep = 0;
  #lastLeaseSweep = 0;

  constructor(private readonly options: TenantGraphBudgetOptions) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.#local = new SlidingWindowLog(this.#limit, this.#windowMs);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Resolves when the request may be sent (undefined: at once, with no promise made), or rejects
   * with TenantBudgetSpentError when its deadline would pass first.
   */
  admit(request: GraphRequest): Promise<void> | undefined {
    const { tenantId, clientId } = request.connection;
    const key = `${tenantId.toLowerCase()}/${clientId.toLowerCase()}`;
    const count = Math.min(this.#limit, requestsIn(request));
    const waiter = { count, tenantId, deadline: request.deadline, askedAt: this.#now() };
    if (this.#lanes.has(key)) return this.#enqueue(key, waiter);
    // The in-process window answers synchronously: no promise on the hot path without Redis.
    if (!this.options.shared?.ready) {
      const decision = this.#takeLocal(key, count);
      if (decision.granted) return undefined;
      return this.#enqueue(key, waiter, decision);
    }
    return this.#admitShared(key, count, waiter);
  }

  /** Spends leased slots when it can (no round trip), else takes from Redis with a spare to lease. */
  #admitShared(
    key: string,
    count: number,
    waiter: Omit<Waiter, 'grant' | 'refuse'>,
  ): Promise<void> | undefined {
    const now = waiter.askedAt;
    const lease = this.#leaseOf(key, now);
    lease.admitted += count;
    if (spend(lease, count, now)) return undefined;
    // Sized by the last period's use: a quiet key leases nothing, so it wastes nothing.
    const spare = lease.refilling ? 0 : Math.min(MAX_SPARE, lease.lastPeriod);
    if (spare > 0) lease.refilling = true;
    return Promise.resolve(this.#take(key, count, spare)).then((decision) => {
      if (spare > 0) lease.refilling = false;
      if (!decision.granted) return this.#enqueue(key, waiter, decision);
      if (decision.spare) {
        lease.slots = decision.spare;
        lease.expiresAt = this.#now() + LEASE_MS;
      }
      return undefined;
    });
  }

  #leaseOf(key: string, now: number): Lease {
    let lease = this.#leases.get(key);
    if (lease === undefined) {
      this.#sweepLeases(now);
      lease = { slots: 0, expiresAt: 0, admitted: 0, since: now, lastPeriod: 0, refilling: false };
      this.#leases.set(key, lease);
    } else if (now - lease.since >= LEASE_MS) {
      // A period with no call at all counts as nothing used.
      lease.lastPeriod = now - lease.since < 2 * LEASE_MS ? lease.admitted : 0;
      lease.admitted = 0;
      lease.since = now;
    }
    return lease;
  }

  /** Forgets the leases of keys idle for a window, at most once a window. */
  #sweepLeases(now: number): void {
    if (now - this.#lastLeaseSweep < this.#windowMs) return;
    this.#lastLeaseSweep = now;
    for (const [key, lease] of this.#leases) {
      if (now - lease.since >= this.#windowMs && !lease.refilling) this.#leases.delete(key);
    }
  }

  #enqueue(key: string, fields: Omit<Waiter, 'grant' | 'refuse'>, refusal?: BudgetDecision): Promise<void> {
    const lane = this.#lanes.get(key) ?? { waiters: [], pumping: false };
    this.#lanes.set(key, lane);
    if (refusal && tooLate(refusal, fields.deadline)) {
      this.#forgetIfIdle(key, lane);
      return Promise.reject(spent(fields.tenantId, refusal.retryInMs));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        ...fields,
        grant: () => {
          cancelExpiry?.();
          this.options.onWait?.(this.#now() - fields.askedAt);
          resolve();
        },
        refuse: (error) => {
          cancelExpiry?.();
          reject(error);
        },
      };
      // A waiter behind others leaves when its deadline passes; the head checks before each wait.
      const cancelExpiry = fields.deadline?.whenExpired(() => {
        const at = lane.waiters.indexOf(waiter);
        if (at > 0) {
          lane.waiters.splice(at, 1);
          reject(spent(fields.tenantId, this.#windowMs));
        }
      });
      lane.waiters.push(waiter);
      void this.#pump(key, lane, refusal);
    });
  }

  /** The head of the lane asks the budget again each time it said there would be room. */
  async #pump(key: string, lane: Lane, firstRefusal: BudgetDecision | undefined): Promise<void> {
    if (lane.pumping) return;
    lane.pumping = true;
    let refusal = firstRefusal;
    try {
      while (lane.waiters.length > 0) {
        const head = lane.waiters[0]!;
        if (refusal) {
          if (tooLate(refusal, head.deadline)) {
            lane.waiters.shift();
            head.refuse(spent(head.tenantId, refusal.retryInMs));
            refusal = undefined;
            continue;
          }
          await this.#sleep(refusal.retryInMs + Math.floor(Math.random() * MAX_JITTER_MS));
          if (head.deadline?.expired) {
            lane.waiters.shift();
            head.refuse(spent(head.tenantId, refusal.retryInMs));
            refusal = undefined;
            continue;
          }
        }
        // Slots leased by calls admitted before the lane formed are spent first: left to expire,
        // they would be counted in Redis and never sent.
        const lease = this.#leases.get(key);
        const decision =
          lease && spend(lease, head.count, this.#now())
            ? { granted: true, retryInMs: 0 }
            : await this.#take(key, head.count);
        if (decision.granted) {
          lane.waiters.shift();
          head.grant();
          refusal = undefined;
        } else {
          refusal = decision;
        }
      }
    } finally {
      lane.pumping = false;
      this.#forgetIfIdle(key, lane);
    }
  }

  #take(key: string, count: number, spare = 0): Promise<BudgetDecision> | BudgetDecision {
    const shared = this.options.shared;
    if (!shared?.ready) return this.#takeLocal(key, count);
    return shared
      .take(key, count, this.#limit, this.#windowMs, spare)
      .catch(() => this.#takeLocal(key, count));
  }

  #takeLocal(key: string, count: number): BudgetDecision {
    const now = this.#now();
    if (now - this.#lastSweep >= this.#windowMs) {
      this.#lastSweep = now;
      this.#local.forgetIdle(now);
    }
    return this.#local.take(key, count, now);
  }

  #forgetIfIdle(key: string, lane: Lane): void {
    if (lane.waiters.length === 0 && !lane.pumping) this.#lanes.delete(key);
  }
}

/** Takes `count` of the lease's slots if it holds that many and has not expired. */
function spend(lease: Lease, count: number, now: number): boolean {
  if (lease.slots < count || now >= lease.expiresAt) return false;
  lease.slots -= count;
  return true;
}

/** A `$batch` is as many requests as it has items, for Graph's throttling as for this budget. */
function requestsIn(request: GraphRequest): number {
  if (request.method !== 'POST' || request.path !== '/$batch') return 1;
  const items = (request.body as { requests?: unknown } | undefined)?.requests;
  return Array.isArray(items) && items.length > 0 ? items.length : 1;
}

function tooLate(refusal: BudgetDecision, deadline: Deadline | undefined): boolean {
  return deadline !== undefined && refusal.retryInMs >= deadline.remainingMs();
}

function spent(tenantId: string, retryInMs: number): TenantBudgetSpentError {
  return new TenantBudgetSpentError(tenantId, Math.max(1, Math.ceil(retryInMs / 1000)));
}
