/**
 * Picks and opens the cursor store named by STATE_STORE_URL: `sqlite:<path>` (relative to the
 * working directory; `sqlite::memory:` allowed), `redis://...` / `rediss://...`, or `memory:`.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Clock, CursorStore } from './cursor-store.js';
import { MemoryCursorStore } from './memory-store.js';
import type { RedisCursorStoreOptions } from './redis-store.js';

export interface CreateCursorStoreOptions {
  /** Base for relative sqlite paths; default process.cwd(). */
  cwd?: string;
  now?: Clock;
  /** Redis-only settings (key prefix, timeouts, error hook). */
  redis?: Omit<RedisCursorStoreOptions, 'url' | 'now'>;
}

export async function createCursorStore(
  url: string,
  options: CreateCursorStoreOptions = {},
): Promise<CursorStore> {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new TypeError('state store URL must be a non-empty string (sqlite:<path>, redis://..., memory:)');
  }
  const now = options.now;
  if (url === 'memory:') return new MemoryCursorStore({ now });
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new TypeError(`state store URL "${url}" has no path: use sqlite:<path>`);
    const resolved =
      path === ':memory:' || isAbsolute(path) ? path : resolve(options.cwd ?? process.cwd(), path);
    // Loaded on demand: a process only pays start-up time for the store it uses.
    const { SqliteCursorStore } = await import('./sqlite-store.js');
    return new SqliteCursorStore({ path: resolved, now });
  }
  if (/^rediss?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`state store URL "${redactUrl(url)}" is not a valid Redis URL`);
    }
    if (!parsed.hostname) throw new TypeError(`state store URL "${redactUrl(url)}" has no host`);
    const { RedisCursorStore } = await import('./redis-store.js');
    return new RedisCursorStore({ ...options.redis, url, now });
  }
  throw new TypeError(
    `state store URL "${redactUrl(url)}" is not supported: use sqlite:<path>, redis://..., rediss://... or memory:`,
  );
}

/**
 * A Redis URL may carry a password; messages show it with everything up to the last `@` masked
 * (masking too much is harmless, an unencoded `@` or `/` in a password must not leak a piece).
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/is, '$1***@');
}
