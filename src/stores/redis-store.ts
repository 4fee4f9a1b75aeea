/**
 * Cursor store on Redis (ioredis), for several replicas sharing cursors. One hash per cursor plus
 * one sorted set per (tenant, client id) that indexes its syncKeys for list() (layout in
 * redis-keys.ts); every write goes through a Lua script (redis-scripts.ts), so compare-and-set
 * is atomic across replicas. Connection handling (never hang, reconnect) is redis-connection.ts.
 */
import {
  type Clock,
  type CursorKey,
  type CursorScope,
  type CursorStore,
  type CursorWrite,
  cursorKeyOf,
  type SyncCursor,
} from './cursor-store.js';
import { validateKey, validatePut, validateScope } from './cursor-validation.js';
import { RedisConnection } from './redis-connection.js';
import { cursorFromHash, cursorRedisKey, indexRedisKey, scopeCursorPrefix } from './redis-keys.js';
import { DELETE_SCRIPT, LIST_SCRIPT, PUT_SCRIPT, runScript } from './redis-scripts.js';
import { CursorConflictError } from './store-errors.js';

export interface RedisCursorStoreOptions {
  /** `redis://` or `rediss://` URL; credentials in it never reach a message. */
  url: string;
  /** Prepended to every key so deployments (and test runs) can share one Redis; default `eum:`. */
  keyPrefix?: string;
  now?: Clock;
  /** Per-command timeout; default 2000. */
  commandTimeoutMs?: number;
  /** TCP connect timeout; default 2000. */
  connectTimeoutMs?: number;
  /** How long a call waits for a connection being (re)established before giving up; default 1000. */
  readyWaitMs?: number;
  /** Connection errors, for logging; the store itself already maps them to StoreUnavailableError. */
  onError?: (error: Error) => void;
}

export class RedisCursorStore implements CursorStore {
  readonly kind = 'redis';
  readonly keyPrefix: string;
  readonly #connection: RedisConnection;
  readonly #now: Clock;

  constructor(options: RedisCursorStoreOptions) {
    if (options === null || typeof options !== 'object' || typeof options.url !== 'string') {
      throw new TypeError('RedisCursorStore needs options.url (redis:// or rediss://)');
    }
    if (!/^rediss?:\/\//i.test(options.url)) {
      throw new TypeError('options.url must start with redis:// or rediss://');
    }
    this.keyPrefix = options.keyPrefix ?? 'eum:';
    if (typeof this.keyPrefix !== 'string' || /[{}\s*?[\]]/.test(this.keyPrefix)) {
      throw new TypeError('keyPrefix must be a string without braces, spaces or glob characters');
    }
    this.#now = options.now ?? (() => new Date());
    this.#connection = new RedisConnection({
      url: options.url,
      commandTimeoutMs: positiveInt('commandTimeoutMs', options.commandTimeoutMs ?? 2000),
      connectTimeoutMs: positiveInt('connectTimeoutMs', options.connectTimeoutMs ?? 2000),
      readyWaitMs: positiveInt('readyWaitMs', options.readyWaitMs ?? 1000),
      onError: options.onError,
    });
  }

  async get(key: CursorKey): Promise<SyncCursor | null> {
    validateKey(key);
    const hash = await this.#connection.call((redis) => redis.hgetall(cursorRedisKey(this.keyPrefix, key)));
    return Object.keys(hash).length === 0 ? null : cursorFromHash(hash);
  }

  async list(scope: CursorScope): Promise<SyncCursor[]> {
    validateScope(scope);
    const reply = await this.#connection.call((redis) =>
      runScript(
        redis,
        LIST_SCRIPT,
        [indexRedisKey(this.keyPrefix, scope)],
        [scopeCursorPrefix(this.keyPrefix, scope)],
      ),
    );
    return (reply as string[][]).map((flat) => cursorFromHash(pairsToRecord(flat)));
  }

  async put(key: CursorKey, write: CursorWrite, expectedVersion?: number): Promise<SyncCursor> {
    validatePut(key, write, expectedVersion);
    const now = this.#now().toISOString();
    const reply = (await this.#connection.call((redis) =>
      runScript(
        redis,
        PUT_SCRIPT,
        [cursorRedisKey(this.keyPrefix, key), indexRedisKey(this.keyPrefix, key)],
        [
          expectedVersion ?? '',
          key.tenantId,
          key.clientId,
          key.syncKey,
          write.link,
          write.linkKind,
          write.userQuery,
          now,
        ],
      ),
    )) as [number, number, string?];
    const [ok, version, createdAt] = reply;
    if (ok !== 1) throw new CursorConflictError(cursorKeyOf(key), expectedVersion!, version);
    return { ...cursorKeyOf(key), ...pickWrite(write), version, createdAt: createdAt ?? now, updatedAt: now };
  }

  async delete(key: CursorKey): Promise<boolean> {
    validateKey(key);
    const deleted = await this.#connection.call((redis) =>
      runScript(
        redis,
        DELETE_SCRIPT,
        [cursorRedisKey(this.keyPrefix, key), indexRedisKey(this.keyPrefix, key)],
        [key.syncKey],
      ),
    );
    return deleted === 1;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.#connection.call((redis) => redis.ping())) === 'PONG';
    } catch {
      return false;
    }
  }

  async checkWritable(): Promise<void> {
    // Outside every scope's key space, so no list() or cursor ever sees it; it expires by itself.
    const now = this.#now().toISOString();
    await this.#connection.call((redis) => redis.set(`${this.keyPrefix}health`, now, 'PX', 60_000));
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

function pairsToRecord(flat: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i]!] = flat[i + 1]!;
  return record;
}

function pickWrite(write: CursorWrite): CursorWrite {
  return { link: write.link, linkKind: write.linkKind, userQuery: write.userQuery };
}
