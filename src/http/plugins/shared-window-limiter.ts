/**
 * The rate limit across replicas: the count lives in the shared store (Redis), so N replicas grant
 * one caller the budget once, not N times. When the store is down or slow the limit degrades to
 * each replica's own window (the in-process limiter) instead of failing open (no limit at all
 * while Redis is away) or closed (every caller refused, though most calls need no Redis). A call
 * never waits for a disconnected store, and at most the counter's command timeout for a slow one.
 */
import type { RequestCounter } from '../../stores/rate-limit/redis-request-counter.js';
import { FixedWindowLimiter, type LimitDecision, type RateLimiter } from './fixed-window-limiter.js';

export class SharedWindowLimiter implements RateLimiter {
  readonly #local: FixedWindowLimiter;

  constructor(
    private readonly limit: number,
    private readonly counter: RequestCounter,
    windowMs = 60_000,
  ) {
    this.#local = new FixedWindowLimiter(limit, windowMs);
  }

  take(caller: string, nowMs: number): LimitDecision | Promise<LimitDecision> {
    if (!this.counter.ready) return this.#local.take(caller, nowMs);
    return this.counter.increment(caller).then(
      ({ count, resetInMs }) => ({
        allowed: count <= this.limit,
        limit: this.limit,
        remaining: Math.max(0, this.limit - count),
        resetInMs,
      }),
      () => this.#local.take(caller, nowMs),
    );
  }
}
