/**
 * The in-process Graph budget: at most `limit` requests of one key in any `windowMs`, a sliding
 * window kept as the times of the last `limit` grants (oldest first, in a ring). A grant of `count`
 * is allowed when the `count`-th oldest of those left the window; else the answer says when it
 * will. Unlike a fixed window, no interval of `windowMs` can ever hold more than `limit`, whatever
 * its alignment, which is what keeps Graph's own (token-bucket) budget from being overrun.
 * Pure: the caller passes the clock.
 */
export interface BudgetDecision {
  granted: boolean;
  /** When not granted: milliseconds until `count` more requests fit the window. */
  retryInMs: number;
}

interface Log {
  /** Grant times, grown up to `limit` entries, then reused as a ring from `head`. */
  times: number[];
  head: number;
}

export class SlidingWindowLog {
  readonly #logs = new Map<string, Log>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit must be a positive integer');
    if (!(windowMs > 0)) throw new TypeError('windowMs must be positive');
  }

  /** Takes `count` (1..limit) grants at `nowMs`, or none. */
  take(key: string, count: number, nowMs: number): BudgetDecision {
    const log = this.#logs.get(key) ?? { times: [], head: 0 };
    const { times } = log;
    // Room left before the ring is full: those grants need no older one to expire.
    const free = this.limit - times.length;
    if (count > free) {
      const blocking = times[(log.head + (count - free) - 1) % times.length]!;
      const retryInMs = blocking + this.windowMs - nowMs;
      if (retryInMs > 0) return { granted: false, retryInMs };
    }
    for (let i = 0; i < count; i++) {
      if (times.length < this.limit) times.push(nowMs);
      else {
        times[log.head] = nowMs;
        log.head = (log.head + 1) % this.limit;
      }
    }
    this.#logs.set(key, log);
    return { granted: true, retryInMs: 0 };
  }

  /** Drops keys whose every grant left the window, so memory follows the busy keys only. */
  forgetIdle(nowMs: number): void {
    for (const [key, log] of this.#logs) {
      const newest = log.times[(log.head + log.times.length - 1) % log.times.length] ?? 0;
      if (newest + this.windowMs <= nowMs) this.#logs.delete(key);
    }
  }
}
