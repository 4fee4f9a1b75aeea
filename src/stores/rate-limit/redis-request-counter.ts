/**
 * Per-caller request counts in Redis, so that every replica sharing STATE_STORE_URL spends one
 * budget per caller. A fixed window, as the in-process limiter: the first request of a window
 * creates the counter with the window as its expiry, in one Lua call, so no replica can leave a
 * counter without an expiry (which would lock a caller out for good).
 */
import { RedisConnection } from '../redis-connection.js';
import { runScript, script } from '../redis-scripts.js';

export interface WindowCount {
  /** Requests this caller made in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetInMs: number;
}

/** What the rate limit asks of a shared store. */
export interface RequestCounter {
  /** False while the store is not connected: the caller should not wait for it. */
  readonly ready: boolean;
  increment(caller: string): Promise<WindowCount>;
  close(): Promise<void>;
}

/** KEYS: the caller's counter. ARGV: window in ms. Returns {count, ms left}. */
const INCREMENT_SCRIPT = script(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
`);

export interface RedisRequestCounterOptions {
  url: string;
  windowMs: number;
  /** Default 'eum:', as the other stores; the counters live under `<prefix>ratelimit:`. */
  keyPrefix?: string;
  /** Short: every request waits for this answer. Default 250 ms. */
  commandTimeoutMs?: number;
  onError?: ((error: Error) => void) | undefined;
}

export class RedisRequestCounter implements RequestCounter {
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  readonly #windowMs: number;

  constructor(options: RedisRequestCounterOptions) {
    if (!(options.windowMs > 0)) throw new TypeError('windowMs must be positive');
    this.#windowMs = options.windowMs;
    this.#keyPrefix = `${options.keyPrefix ?? 'eum:'}ratelimit:`;
    this.#connection = new RedisConnection({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 250,
      connectTimeoutMs: 2000,
      readyWaitMs: options.commandTimeoutMs ?? 250,
      onError: options.onError,
    });
  }

  get ready(): boolean {
    return this.#connection.client.status === 'ready';
  }

  async increment(caller: string): Promise<WindowCount> {
    const reply = await this.#connection.call((redis) =>
      runScript(redis, INCREMENT_SCRIPT, [this.#keyPrefix + caller], [this.#windowMs]),
    );
    const [count, left] = reply as [number, number];
    return { count: Number(count), resetInMs: Number(left) };
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
