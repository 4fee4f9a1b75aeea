import { isAbsolute, resolve } from 'node:path';
import type { AuditStore } from './audit-store.js';
import { MemoryAuditStore } from './memory-audit-store.js';

/**
 * The audit trail lives where STATE_STORE_URL puts the cursors (the same SQLite file, the same
 * Redis under its own prefix, or memory). The URL was already checked by createCursorStore.
 */
export async function createAuditStore(
  url: string,
  options: { retentionMs: number; cwd?: string; onRedisError?: (error: Error) => void },
): Promise<AuditStore> {
  const { retentionMs } = options;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const resolved =
      path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
    // A private in-memory database per connection would not be shared: keep the trail in memory.
    if (resolved === ':memory:') return new MemoryAuditStore({ retentionMs });
    const { SqliteAuditStore } = await import('./sqlite-audit-store.js');
    return new SqliteAuditStore({ path: resolved, retentionMs });
  }
  if (/^rediss?:\/\//i.test(url)) {
    const { RedisAuditStore } = await import('./redis-audit-store.js');
    return new RedisAuditStore({ url, retentionMs, onError: options.onRedisError });
  }
  return new MemoryAuditStore({ retentionMs });
}
