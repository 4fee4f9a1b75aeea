import { isAbsolute, resolve } from 'node:path';
import { MemoryRunStore } from './memory-run-store.js';
import type { RunStore } from './run-store.js';

/**
 * Workflow runs live where STATE_STORE_URL puts the cursors (the same SQLite file, the same Redis
 * under its own prefix, or memory). The URL was already checked by createCursorStore.
 */
export async function createRunStore(
  url: string,
  options: { retentionMs?: number; cwd?: string; onRedisError?: (error: Error) => void } = {},
): Promise<RunStore> {
  const { retentionMs } = options;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const resolved =
      path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
    // A private in-memory database per connection would not be shared: keep runs in memory.
    if (resolved === ':memory:') return new MemoryRunStore({ retentionMs });
    const { SqliteRunStore } = await import('./sqlite-run-store.js');
    return new SqliteRunStore({ path: resolved, retentionMs });
  }
  if (/^rediss?:\/\//i.test(url)) {
    const { RedisRunStore } = await import('./redis-run-store.js');
    return new RedisRunStore({ url, retentionMs, onError: options.onRedisError });
  }
  return new MemoryRunStore({ retentionMs });
}
