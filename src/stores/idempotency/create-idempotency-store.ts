import { isAbsolute, resolve } from 'node:path';
import type { IdempotencyStore } from './idempotency-store.js';
import { MemoryIdempotencyStore } from './memory-idempotency-store.js';

/**
 * The idempotency records live where STATE_STORE_URL puts the cursors: the same SQLite file, the
 * same Redis (under its own key prefix), or memory. The URL was already checked by
 * createCursorStore, which opens first.
 */
export async function createIdempotencyStore(
  url: string,
  options: { cwd?: string; onRedisError?: (error: Error) => void } = {},
): Promise<IdempotencyStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const resolved =
      path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
    // `sqlite::memory:` is one private database per connection: a second connection would not
    // share it, so such a process keeps its keys in memory, as it keeps its cursors.
    if (resolved === ':memory:') return new MemoryIdempotencyStore();
    const { SqliteIdempotencyStore } = await import('./sqlite-idempotency-store.js');
    return new SqliteIdempotencyStore({ path: resolved });
  }
  if (/^rediss?:\/\//i.test(url)) {
    const { RedisIdempotencyStore } = await import('./redis-idempotency-store.js');
    return new RedisIdempotencyStore({ url, onError: options.onRedisError });
  }
  return new MemoryIdempotencyStore();
}
