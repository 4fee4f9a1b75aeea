import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { MemoryRunStore } from '../../../src/stores/workflow-runs/memory-run-store.js';
import { RedisRunStore } from '../../../src/stores/workflow-runs/redis-run-store.js';
import { SqliteRunStore } from '../../../src/stores/workflow-runs/sqlite-run-store.js';
import {
  connectTestRedis,
  deleteWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../../helpers/redis-test-server.js';
import { runStoreContract } from './run-store-contract.js';

let admin: Redis;
let folder: string;
let counter = 0;

beforeAll(async () => {
  admin = await connectTestRedis();
  folder = await mkdtemp(join(tmpdir(), 'run-store-'));
});
afterAll(async () => {
  await deleteWithPrefix(admin, RUN_PREFIX);
  await admin.quit();
  await rm(folder, { recursive: true, force: true });
});

runStoreContract('MemoryRunStore', async (options) => ({ store: new MemoryRunStore(options) }));

runStoreContract('SqliteRunStore', async (options) => {
  const path = join(folder, `state-${++counter}.db`);
  return {
    store: new SqliteRunStore({ path, ...options }),
    openAnother: async () => new SqliteRunStore({ path, ...options }),
  };
});

runStoreContract('RedisRunStore', async (options) => {
  const keyPrefix = `${RUN_PREFIX}runs-${++counter}:`;
  const open = () => new RedisRunStore({ url: TEST_REDIS_URL, keyPrefix, ...options });
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: () => deleteWithPrefix(admin, keyPrefix),
  };
});
