/**
 * The real Redis the Redis tests run against (TEST_REDIS_URL, default redis://127.0.0.1:6379),
 * with a unique key prefix per run so parallel runs and other users of that Redis are untouched.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const RUN_PREFIX = `eum-test-${process.pid}-${randomUUID().slice(0, 8)}:`;

/** An admin connection for inspecting and cleaning up; fails loudly when Redis is not there. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `The Redis tests need a running Redis at ${TEST_REDIS_URL} (start redis-server, or set TEST_REDIS_URL): ${String(lastError ?? error)}`,
    );
  }
  return redis;
}

export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

export async function deleteWithPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysWithPrefix(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}
