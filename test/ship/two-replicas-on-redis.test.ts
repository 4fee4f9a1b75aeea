import { type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { RedisIdempotencyStore } from '../../src/stores/idempotency/redis-idempotency-store.js';
import { RedisCursorStore } from '../../src/stores/redis-store.js';
import {
  connectTestRedis,
  deleteWithPrefix,
  keysWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../helpers/redis-test-server.js';

/**
 * The scale-out path of docker-compose.yml: two replicas of the service, each with its own Redis
 * connection, sharing one Redis and one tenant (the emulator). A sync cursor committed through one
 * replica is read and advanced through the other.
 */
const PREFIX = `${RUN_PREFIX}replicas:`;
const SYNC_KEY = 'scale-out';

interface Replica {
  app: FastifyInstance;
  url: string;
  send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
  ): Promise<{ status: number; headers: Record<string, unknown>; body: any }>;
}

async function startReplica(emulator: RunningEmulator): Promise<Replica> {
  const { tenantId, clientId, clientSecret } = emulator.demo;
  const config: AppConfig = {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      GRAPH_MODE: 'live',
      AUTH_DISABLED: 'true',
      STATE_STORE_URL: TEST_REDIS_URL,
    }),
    cloud: { graphBaseUrl: emulator.origin, authorityHost: emulator.origin },
    defaultConnection: { tenantId, clientId, clientSecret },
  };
  // The store STATE_STORE_URL names, with this run's key prefix so other users of the Redis are untouched.
  const cursors = new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix: PREFIX });
  const idempotency = new RedisIdempotencyStore({ url: TEST_REDIS_URL, keyPrefix: PREFIX });
  const app = await buildApp(config, { cursors, idempotency });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    async send(method, path, body, headers = {}) {
      const response = await request(`${url}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.statusCode, headers: response.headers, body: await response.body.json() };
    },
  };
}

describe('two replicas sharing one Redis', () => {
  let redis: Redis;
  let emulator: RunningEmulator;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    redis = await connectTestRedis();
    emulator = await startEmulator({ port: 0, seedUsers: 20 });
    [a, b] = await Promise.all([startReplica(emulator), startReplica(emulator)]);
  });
  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()]);
    await emulator?.close();
    if (redis) {
      await deleteWithPrefix(redis, PREFIX);
      redis.disconnect();
    }
  });

  it('both are ready on the shared store', async () => {
    for (const replica of [a, b]) {
      expect(await replica.send('GET', '/readyz')).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { store: true } },
      });
    }
  });

  it('a cursor committed through replica A is read and advanced through replica B, and back', async () => {
    const first = await a.send('POST', '/capabilities/query-user-changes', {
      userQuery: '$select=displayName',
      syncKey: SYNC_KEY,
    });
    expect(first.status).toBe(200);
    expect(first.body.output).toMatchObject({ syncKey: SYNC_KEY, committed: true, cursorVersion: 1 });
    const deltaLink: string = first.body.output.rawResponse['@odata.deltaLink'];
    expect(deltaLink).toContain('/users/delta');
    expect((await keysWithPrefix(redis, PREFIX)).length).toBeGreaterThan(0);

    const seenByB = await b.send('GET', `/sync-cursors/${SYNC_KEY}`);
    expect(seenByB.status).toBe(200);
    expect(seenByB.body).toMatchObject({ syncKey: SYNC_KEY, version: 1, linkKind: 'delta', link: deltaLink });

    const created = await a.send('POST', '/capabilities/create-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Scale Out',
      createUserMailNickname: 'scale.out',
      createUserPrincipalName: 'scale.out@contoso.onmicrosoft.com',
      createUserPassword: 'Replica-Pa55word!',
    });
    expect(created.status).toBe(200);

    // B resumes from the cursor A committed: it sees only the change made since, and advances it.
    const next = await b.send('POST', '/capabilities/query-user-changes', { syncKey: SYNC_KEY });
    expect(next.status).toBe(200);
    expect(next.body.output).toMatchObject({ committed: true, cursorVersion: 2 });
    expect(next.body.output.rawResponse.value.map((item: { id: string }) => item.id)).toEqual([
      created.body.output.rawResponse.id,
    ]);

    const seenByA = await a.send('GET', `/sync-cursors/${SYNC_KEY}`);
    expect(seenByA.body).toMatchObject({
      version: 2,
      link: next.body.output.rawResponse['@odata.deltaLink'],
    });
    const idle = await a.send('POST', '/capabilities/query-user-changes', { syncKey: SYNC_KEY });
    expect(idle.body.output.rawResponse.value).toEqual([]);
    expect(idle.body.output.cursorVersion).toBe(3);
  });

  it('an Idempotency-Key used through replica A is honoured by replica B: one create, one outcome', async () => {
    const body = {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Idempotent Replica',
      createUserMailNickname: 'idempotent.replica',
      createUserPrincipalName: 'idempotent.replica@contoso.onmicrosoft.com',
      createUserPassword: 'Replica-Pa55word!',
    };
    const key = { 'idempotency-key': `replicas-${Date.now()}` };
    // Graph answers slowly, so the repeat through B arrives while A's create is still running.
    emulator.state.faults.arm([{ method: 'POST', path: '/users', latencyMs: 600, count: 1 }]);
    const running = a.send('POST', '/capabilities/create-user', body, key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whileRunning = await b.send('POST', '/capabilities/create-user', body, key);
    expect(whileRunning.status).toBe(409);
    expect(whileRunning.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(Number(whileRunning.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const first = await running;
    expect(first.status).toBe(200);

    const replayed = await b.send('POST', '/capabilities/create-user', body, key);
    expect(replayed.status).toBe(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(first.body);
    const created = emulator.state.resolveTenant(emulator.demo.tenantId)!.activeUsersAfter(0);
    expect([...created].filter((user) => user.props['mailNickname'] === 'idempotent.replica')).toHaveLength(
      1,
    );
    emulator.state.faults.clear();
  });
});
