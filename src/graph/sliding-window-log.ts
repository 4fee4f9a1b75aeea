/**
 * The in-process Graph budget: at most `limit` requests of one key in any `windowMs`, a sliding
 * window kept as the grant times still inside it (oldest first). A grant of `count` is allowed
 * when the window holds at most `limit - count`; else the answer says when enough of the oldest
 * will have left. Unlike a fixed window, no interval of `windowMs` can ever hold more than
 * `limit`, whatever its alignment, which is what keeps Graph's own budget from being overrun.
 * Memory follows the grants inside the window, not the limit. Pure: the caller passes the clock.
 */
export interface BudgetDecision {
  granted: boolean;
  /** When not granted: milliseconds until `count` more requests fit the window. */
  retryInMs: number;
  /** When granted by the shared budget: slots taken beyond `count` (TenantGraphBudget's lease). */
  spare?: number;
}

interface Log {
  /** Grant times, oldest first; those before `head` have left the window. */
  times: number[];
  head: number;
}

/** Expired entries are cut off the front once this many have piled up (amortised O(1)). */
const COMPACT_AFTER = 1024;

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
    let log = this.#logs.get(key);
    if (!log) {
      log = { times: [], head: 0 };
      this.#logs.set(key, log);
    }
    const { times } = log;
    while (log.head < times.length && times[log.head]! <= nowMs - this.windowMs) log.head += 1;
    const inWindow = times.length - log.head;
    if (inWindow + count > this.limit) {
      // The grant that must leave the window for `count` more to fit.
      const blocking = times[log.head + inWindow + count - this.limit - 1]!;
      return { granted: false, retryInMs: blocking + this.windowMs - nowMs };
    }
    for (let i = 0; i < count; i++) times.push(nowMs);
    if (log.head >= COMPACT_AFTER && log.head * 2 >= times.length) {
      log.times = times.slice(log.head);
      log.head = 0;
    }
    return { granted: true, retryInMs: 0 };
  }

  /** Drops keys whose every grant left the window, so memory follows the busy keys only. */
  forgetIdle(nowMs: number): void {
    for (const [key, log] of this.#logs) {
      const newest = log.times.at(-1) ?? Number.NEGATIVE_INFINITY;
      if (newest <= nowMs - this.windowMs) this.#logs.delete(key);
    }
  }
}
