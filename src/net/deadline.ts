/**
 * How long a capability call may still take (REQUEST_TIMEOUT_MS), as a point in time rather than a
 * running timer. Most calls finish without waiting on anything, and an AbortSignal.timeout per
 * call was a measurable share of the service's CPU (bench/RESULTS.md). So the signal is made only
 * when something has to wait for the deadline: a full tenant queue, a retry back-off, a token
 * acquisition. A Graph attempt gets the remaining time as undici's own timeouts instead.
 */
export class Deadline {
  readonly #expiresAt: number;
  #signal: AbortSignal | undefined;

  /**
   * `signal`: an abort the caller controls besides the clock (a test, a caller that hangs up); it
   * is then the signal every wait and attempt listens to.
   */
  constructor(timeoutMs: number, signal?: AbortSignal) {
    this.#expiresAt = performance.now() + timeoutMs;
    this.#signal = signal;
  }

  /** Milliseconds left, 0 once passed or aborted. */
  remainingMs(): number {
    if (this.#signal?.aborted) return 0;
    return Math.max(0, this.#expiresAt - performance.now());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** Fires at the deadline. Made on first use. */
  get signal(): AbortSignal {
    this.#signal ??= AbortSignal.timeout(Math.ceil(this.remainingMs()));
    return this.#signal;
  }

  /**
   * Calls `onExpiry` when the deadline passes (or the given signal aborts), unless the returned
   * cancel function runs first. A plain timer: much cheaper than a signal and its listeners for
   * a wait that usually ends well before the deadline, as a turn in a tenant's queue does.
   */
  whenExpired(onExpiry: () => void): () => void {
    const signal = this.#signal;
    const cancel = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', expire);
    };
    const expire = () => {
      cancel();
      onExpiry();
    };
    const timer = setTimeout(expire, this.remainingMs());
    signal?.addEventListener('abort', expire, { once: true });
    return cancel;
  }

  /**
   * `work`, or a TimeoutError as soon as the deadline passes, whichever comes first. For waits
   * that cannot be cancelled where they happen (a request queued inside undici only looks at its
   * signal once it reaches a connection); the late outcome of `work` is left to `onLate`.
   */
  race<T>(work: Promise<T>, onLate: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cancel = this.whenExpired(() => {
        settled = true;
        reject(new DOMException('The deadline passed', 'TimeoutError'));
      });
      work.then(
        (value) => {
          cancel();
          if (settled) onLate(value);
          else resolve(value);
        },
        (error: unknown) => {
          cancel();
          if (!settled) reject(error);
        },
      );
    });
  }

  /** The signal if one exists already (given, or made for an earlier wait), without making one. */
  get existingSignal(): AbortSignal | undefined {
    return this.#signal;
  }
}
