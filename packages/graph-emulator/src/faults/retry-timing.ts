// Checks that clients honour Retry-After. Every answer sent with a Retry-After (a fault or the
// throttling model) is remembered under the request's client-request-id, which a client keeps
// across the retries of one call; when a request with that id comes back, the gap is measured.
// A retry that arrives sooner than Retry-After asked is counted as early.

/** Timer slack: Node may fire a timer up to 1 ms before the requested delay by our clock. */
const TOLERANCE_MS = 1;
/** Bound on remembered answers, so a client that never retries cannot grow the map forever. */
const MAX_PENDING = 50_000;

export interface RetryTimingReport {
  /** Answers sent with a Retry-After that a retry could follow. */
  answered: number;
  /** Requests that came back with the client-request-id of such an answer. */
  retriesSeen: number;
  /** Of those, how many came back before the Retry-After had passed. */
  early: number;
  /** Smallest (arrival - answer - Retry-After) seen, in ms; negative means early. */
  minMarginMs: number | null;
}

export class RetryTiming {
  readonly #pending = new Map<string, { answeredAt: number; retryAfterMs: number }>();
  #answered = 0;
  #retriesSeen = 0;
  #early = 0;
  #minMarginMs: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A request arrived: if it repeats a call that was told to wait, check that it did. */
  arrived(clientRequestId: string | undefined): void {
    if (clientRequestId === undefined) return;
    const pending = this.#pending.get(clientRequestId);
    if (!pending) return;
    this.#pending.delete(clientRequestId);
    this.#retriesSeen += 1;
    const margin = this.now() - pending.answeredAt - pending.retryAfterMs;
    if (margin < -TOLERANCE_MS) this.#early += 1;
    this.#minMarginMs = this.#minMarginMs === null ? margin : Math.min(this.#minMarginMs, margin);
  }

  /** An answer with Retry-After (in ms) is about to be sent for this client-request-id. */
  answered(clientRequestId: string | undefined, retryAfterMs: number): void {
    if (clientRequestId === undefined) return;
    this.#answered += 1;
    if (this.#pending.size >= MAX_PENDING) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    this.#pending.set(clientRequestId, { answeredAt: this.now(), retryAfterMs });
  }

  report(): RetryTimingReport {
    return {
      answered: this.#answered,
      retriesSeen: this.#retriesSeen,
      early: this.#early,
      minMarginMs: this.#minMarginMs === null ? null : Math.round(this.#minMarginMs * 1000) / 1000,
    };
  }

  reset(): void {
    this.#pending.clear();
    this.#answered = 0;
    this.#retriesSeen = 0;
    this.#early = 0;
    this.#minMarginMs = null;
  }
}

/** Retry-After as milliseconds: seconds (fractional allowed) or an HTTP-date. */
export function retryAfterMs(value: number | string, now = Date.now()): number {
  if (typeof value === 'number') return value * 1000;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}
