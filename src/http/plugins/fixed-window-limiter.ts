/**
 * Counts requests per caller in fixed one-window buckets. Fixed windows are coarse (a burst at a
 * window edge can pass twice the limit) but need one counter per caller and no timers, which is
 * what a generous per-key ceiling needs. Pure: the caller passes the clock.
 */
import { LRUCache } from 'lru-cache';

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the caller's window resets. */
  resetInMs: number;
}

/** One budget check; the shared (Redis) limiter answers asynchronously. */
export interface RateLimiter {
  take(caller: string, nowMs: number): LimitDecision | Promise<LimitDecision>;
}

interface Window {
  startMs: number;
  count: number;
}

export class FixedWindowLimiter implements RateLimiter {
  // Bounded, so a flood of distinct callers (spoofed keys, many addresses) cannot grow memory.
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    maxCallers = 50_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit must be a positive integer');
    if (!(windowMs > 0)) throw new TypeError('windowMs must be positive');
    this.windows = new LRUCache({ max: maxCallers });
  }

  take(caller: string, nowMs: number): LimitDecision {
    let window = this.windows.get(caller);
    if (!window || nowMs - window.startMs >= this.windowMs || nowMs < window.startMs) {
      window = { startMs: nowMs, count: 0 };
      this.windows.set(caller, window);
    }
    window.count += 1;
    const allowed = window.count <= this.limit;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetInMs: window.startMs + this.windowMs - nowMs,
    };
  }
}
