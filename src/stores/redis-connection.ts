/**
 * An ioredis client that never makes a caller hang when Redis is down: no offline queue, a
 * bounded wait for a (re)connection, a per-command timeout, and no automatic resend of a command
 * whose answer was lost (a resent compare-and-set could report a false conflict for a write that
 * did land). Every failure surfaces as StoreUnavailableError. The client reconnects by itself
 * forever, with capped backoff, so callers recover as soon as Redis returns.
 */
import { Redis } from 'ioredis';
import { StoreUnavailableError } from './store-errors.js';

export interface RedisConnectionOptions {
  url: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** How long a call waits for a connection being (re)established before giving up. */
  readyWaitMs: number;
  onError?: ((error: Error) => void) | undefined;
}

export class RedisConnection {
  readonly client: Redis;
  readonly #readyWaitMs: number;
  #closed = false;
  #lastError: Error | undefined;
  #readyWaiters = new Set<() => void>();

  constructor(options: RedisConnectionOptions) {
    this.#readyWaitMs = options.readyWaitMs;
    this.client = new Redis(options.url, {
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.connectTimeoutMs,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    // Without an 'error' listener ioredis prints every failed reconnect to stderr.
    this.client.on('error', (error: Error) => {
      this.#lastError = error;
      options.onError?.(error);
    });
    this.client.on('ready', () => {
      this.#lastError = undefined;
      for (const wake of this.#readyWaiters) wake();
    });
  }

  /** Waits (bounded) for a connection, runs the command, and maps any failure to unavailable. */
  async call<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('redis', 'the Redis cursor store is closed');
    await this.#waitForReady();
    try {
      return await command(this.client);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreUnavailableError('redis', `Redis cursor store failed: ${reason}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }

  async #waitForReady(): Promise<void> {
    if (this.client.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const ready = await new Promise<boolean>((resolve) => {
      wake = () => resolve(true);
      this.#readyWaiters.add(wake);
      timer = setTimeout(() => resolve(false), this.#readyWaitMs);
    });
    clearTimeout(timer);
    this.#readyWaiters.delete(wake!);
    if (!ready) {
      const reason = this.#lastError ? `: ${this.#lastError.message}` : '';
      throw new StoreUnavailableError('redis', `Redis is not reachable (${this.client.status})${reason}`, {
        cause: this.#lastError,
      });
    }
  }
}
