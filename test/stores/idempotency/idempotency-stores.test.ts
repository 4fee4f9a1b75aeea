import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { MemoryIdempotencyStore } from '../../../src/stores/idempotency/memory-idempotency-store.js';
import { RedisIdempotencyStore } from '../../../src/stores/idempotency/redis-idempotency-store.js';
import { SqliteIdempotencyStore } from '../../../src/stores/idempotency/sqlite-idempotency-store.js';
import {
  connectTestRedis,
  deleteWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../../helpers/redis-test-server.js';
import { idempotencyStoreContract } from './idempotency-store-contract.js';

let admin: Redis;
let folder: string;
let counter = 0;

beforeAll(async () => {
  admin = await connectTestRedis();
  folder = await mkdtemp(join(tmpdir(), 'idempotency-store-'));
});
afterAll(async () => {
  await deleteWithPrefix(admin, RUN_PREFIX);
  await admin.quit();
  await rm(folder, { recursive: true, force: true });
});

idempotencyStoreContract('MemoryIdempotencyStore', async () => ({ store: new MemoryIdempotencyStore() }));

idempotencyStoreContract('SqliteIdempotencyStore', async () => {
  const path = join(folder, `state-${++counter}.db`);
  return {
    store: new SqliteIdempotencyStore({ path }),
    openAnother: async () => new SqliteIdempotencyStore({ path }),
  };
});

idempotencyStoreContract('RedisIdempotencyStore', async () => {
  const keyPrefix = `${RUN_PREFIX}idem-${++counter}:`;
  const open = () => new RedisIdempotencyStore({ url: TEST_REDIS_URL, keyPrefix });
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: () => deleteWithPrefix(admin, keyPrefix),
  };
});
