import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisConnection } from '../redis-connection.js';
import type {
  BeginOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from './idempotency-store.js';
import { outcomeOf } from './idempotency-store.js';

/**
 * Claim-if-absent in one step: SET NX with the lease as expiry. Either it sets (the caller owns the
 * key) or it returns the record another replica holds. Redis's own expiry ends both the lease of a
 * crashed request and the retention of a finished one.
 */
const BEGIN = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`;

/** Replaces (or deletes, with no value) the record only while the caller still owns it. */
const IF_OWNER = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).owner ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1
`;

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly kind = 'redis';
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  readonly #now: () => number;

  constructor(options: {
    url: string;
    keyPrefix?: string;
    now?: () => number;
    commandTimeoutMs?: number;
    onError?: (error: Error) => void;
  }) {
    this.#keyPrefix = `${options.keyPrefix ?? 'eum:'}idem:`;
    this.#now = options.now ?? Date.now;
    this.#connection = new RedisConnection({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 2000,
      connectTimeoutMs: 2000,
      readyWaitMs: 1000,
      onError: options.onError,
    });
  }

  async begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginOutcome> {
    const owner = randomUUID();
    const record: IdempotencyRecord = { fingerprint, owner, expiresAt: this.#now() + leaseMs };
    const current = await this.#connection.call((client: Redis) =>
      client.eval(BEGIN, 1, this.#redisKey(key), JSON.stringify(record), String(leaseMs)),
    );
    return typeof current === 'string'
      ? outcomeOf(JSON.parse(current) as IdempotencyRecord)
      : { state: 'claimed', owner };
  }

  async complete(key: string, owner: string, response: StoredResponse, retentionMs: number): Promise<void> {
    // The fingerprint is kept: a completed record is compared with later repeats.
    const current = await this.#connection.call((client) => client.get(this.#redisKey(key)));
    if (current === null) return;
    const record = JSON.parse(current) as IdempotencyRecord;
    const completed: IdempotencyRecord = { ...record, response, expiresAt: this.#now() + retentionMs };
    await this.#connection.call((client) =>
      client.eval(IF_OWNER, 1, this.#redisKey(key), owner, JSON.stringify(completed), String(retentionMs)),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#connection.call((client) => client.eval(IF_OWNER, 1, this.#redisKey(key), owner, '', '0'));
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  /** Hashed: an idempotency key is caller-chosen text of any shape. */
  #redisKey(key: string): string {
    return this.#keyPrefix + createHash('sha256').update(key).digest('base64url');
  }
}
