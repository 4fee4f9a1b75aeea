import { FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
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
 * Two replicas of the service over real HTTP, against one emulator, drawing one tenant's Graph
 * budget (GRAPH_TENANT_BUDGET_PER_10S) from one Redis (what a redis:// STATE_STORE_URL wires up;
 * injected here for this run's key prefix). The call deadline is shorter than the budget's
 * window (10 s and a margin), so a call that finds the budget spent cannot wait for room and is refused before it
 * reaches Graph: the emulator's request count is then exactly the budget, with no timing involved.
 */
const PREFIX = `${RUN_PREFIX}budget:`;
const BUDGET = 6;

describe('Graph budget shared by two replicas on one Redis', () => {
  let redis: Redis;
  let a: TestService;
  let b: TestService;
  beforeAll(async () => {
    redis = await connectTestRedis();
    const env = {
      GRAPH_TENANT_BUDGET_PER_10S: String(BUDGET),
      REQUEST_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'warn',
    };
    // A slow answer would count the call in the replica's own window: not what this test is about.
    const sharedLimits = { url: TEST_REDIS_URL, keyPrefix: PREFIX, commandTimeoutMs: 5000 };
    a = await startTestService({ env, dependencies: { sharedLimits } });
    // The second replica talks to the first one's emulator: one tenant, one Graph.
    const { origin, demo } = a.emulator;
    b = await startTestService({
      env,
      dependencies: { sharedLimits },
      config: {
        cloud: { graphBaseUrl: origin, authorityHost: origin },
        defaultConnection: {
          tenantId: demo.tenantId,
          clientId: demo.clientId,
          clientSecret: demo.clientSecret,
        },
      },
    });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    if (redis) {
      await deleteWithPrefix(redis, PREFIX);
      redis.disconnect();
    }
  });

  it('sends at most the budget to Graph across both replicas; the rest get 429 GRAPH_THROTTLED unsent', async () => {
    // Graph's own model on, at exactly what the budget lets through: any excess would be a 429 from Graph.
    a.emulator.state.throttling.update({ enabled: true, resourceUnits: 2 * BUDGET });
    const sentBefore = a.emulator.state.graphRequests;
    const answers = await Promise.all(
      Array.from({ length: 3 * BUDGET }, (_, i) =>
        (i % 2 === 0 ? a : b).call('read-user', { userId: FIXTURE_UPNS.guest }),
      ),
    );

    expect(a.emulator.state.graphRequests - sentBefore).toBe(BUDGET);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(BUDGET);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(2 * BUDGET);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body).toMatchObject({ code: 'GRAPH_THROTTLED' });
      expect(answer.body.detail).toMatch(/GRAPH_TENANT_BUDGET_PER_10S/);
      const retryAfter = Number(answer.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(11);
    }
    // One window for the tenant and app, holding the budget's grants and expiring with the window.
    const keys = await keysWithPrefix(redis, `${PREFIX}graph-budget:`);
    expect(keys).toEqual([`${PREFIX}graph-budget:${a.emulator.demo.tenantId}/${a.emulator.demo.clientId}`]);
    expect(await redis.zcard(keys[0]!)).toBe(BUDGET);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_500);
  });
});
