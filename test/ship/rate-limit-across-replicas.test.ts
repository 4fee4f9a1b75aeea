import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectTestRedis,
  deleteWithPrefix,
  keysWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../helpers/redis-test-server.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

/**
 * Two replicas of the service over real HTTP, counting one API key's budget in one Redis through
 * @fastify/rate-limit's Redis store (what a redis:// STATE_STORE_URL wires up; injected here for
 * this run's key prefix).
 */
const PREFIX = `${RUN_PREFIX}limits:`;
const KEY = 'shared-limit-key-0123456789';
const LIMIT = 5;

async function startReplica(url = TEST_REDIS_URL): Promise<TestService> {
  const service = await startTestService({
    env: { API_KEYS: KEY, RATE_LIMIT_PER_MINUTE: String(LIMIT), LOG_LEVEL: 'warn' },
    // A slow answer (a loaded machine) would count the call in the replica's own window instead.
    dependencies: { sharedLimits: { url, keyPrefix: PREFIX, commandTimeoutMs: 5000 } },
  });
  service.secrets.add(KEY);
  return service;
}

const list = (replica: TestService) =>
  replica.http('GET', '/capabilities', undefined, { authorization: `Bearer ${KEY}` });

describe('rate limit shared by two replicas on one Redis', () => {
  let redis: Redis;
  let a: TestService;
  let b: TestService;
  beforeAll(async () => {
    redis = await connectTestRedis();
    [a, b] = await Promise.all([startReplica(), startReplica()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    if (redis) {
      await deleteWithPrefix(redis, PREFIX);
      redis.disconnect();
    }
  });

  it('accepts at most the limit across both replicas together, then 429 with Retry-After on either', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) statuses.push((await list(i % 2 === 0 ? a : b)).status);
    // Each replica alone would have accepted LIMIT (2 x LIMIT together).
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    for (const replica of [a, b]) {
      const limited = await list(replica);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // One counter for the key, expiring with the window.
    const keys = await keysWithPrefix(redis, `${PREFIX}ratelimit:`);
    expect(keys).toEqual([`${PREFIX}ratelimit:key:0`]);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('accepts concurrent bursts on both replicas within the limit too', async () => {
    await deleteWithPrefix(redis, `${PREFIX}ratelimit:`);
    const burst = await Promise.all(Array.from({ length: 4 * LIMIT }, (_, i) => list(i % 2 === 0 ? a : b)));
    expect(burst.filter((response) => response.status === 200)).toHaveLength(LIMIT);
  });
});

describe('rate limit with its Redis down', () => {
  it('falls back to each replica counting on its own: answers at once, still limited', async () => {
    // Nothing listens on port 1: the connection is refused, as with Redis stopped.
    const replica = await startReplica('redis://127.0.0.1:1');
    try {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 2; i++) statuses.push((await list(replica)).status);
      expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    } finally {
      await replica.close();
    }
  });
});
