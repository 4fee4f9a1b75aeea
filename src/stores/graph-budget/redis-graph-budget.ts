/**
 * The Graph request budget in Redis, so that every replica sharing STATE_STORE_URL draws from one
 * budget per app and tenant. A sliding window log: a sorted set of grant times per key, trimmed,
 * counted and added to in one Lua call, so two replicas can never both take the last slot. Time is
 * Redis's own (TIME), so replicas' clocks need not agree. A key lives as long as its window.
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis-connection.js';
import { runScript, script } from '../redis-scripts.js';

export interface BudgetDecision {
  granted: boolean;
  /** When not granted: milliseconds until `count` more requests fit the window. */
  retryInMs: number;
  /** When granted: slots taken beyond `count`, up to the `spare` asked for and the room left. */
  spare?: number;
}

/**
 * KEYS: the key's sorted set. ARGV: count, limit, window ms, a unique tag for the members, spare.
 * Returns {1, 0, spare taken} when granted (spare slots only from room the count leaves: none at
 * saturation), {0, ms until the count fits} when not.
 */
const TAKE_SCRIPT = script(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used + count > limit then
  local blocking = redis.call('ZRANGE', KEYS[1], used + count - limit - 1, used + count - limit - 1, 'WITHSCORES')
  return {0, math.max(1, tonumber(blocking[2]) + window - now)}
end
local spare = math.max(0, math.min(tonumber(ARGV[5]), limit - used - count))
for i = 1, count + spare do
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0, spare}
`);

export interface RedisGraphBudgetOptions {
  connection: RedisConnection;
  /** Default 'eum:', as the other stores; the windows live under `<prefix>graph-budget:`. */
  keyPrefix?: string;
}

export class RedisGraphBudget {
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  #sequence = 0;
  readonly #replica = randomUUID().slice(0, 8);

  constructor(options: RedisGraphBudgetOptions) {
    this.#connection = options.connection;
    this.#keyPrefix = `${options.keyPrefix ?? 'eum:'}graph-budget:`;
  }

  get ready(): boolean {
    return this.#connection.client.status === 'ready';
  }

  async take(
    key: string,
    count: number,
    limit: number,
    windowMs: number,
    spare = 0,
  ): Promise<BudgetDecision> {
    // Members must be unique within the window: this replica's tag and a sequence number.
    // Taken now: the command runs after an await, when later calls have moved the sequence on.
    this.#sequence += 1;
    const tag = `${this.#replica}:${this.#sequence}`;
    const reply = await this.#connection.call((redis) =>
      runScript(redis, TAKE_SCRIPT, [this.#keyPrefix + key], [count, limit, windowMs, tag, spare]),
    );
    const [granted, retryInMs, taken] = reply as [number, number, number | undefined];
    return { granted: Number(granted) === 1, retryInMs: Number(retryInMs), spare: Number(taken ?? 0) };
  }
}
