import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisCursorStore } from '../../src/stores/redis-store.js';
import { StoreUnavailableError } from '../../src/stores/store-errors.js';
import { closedPort } from '../helpers/closed-port.js';
import {
  connectTestRedis,
  deleteWithPrefix,
  keysWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../helpers/redis-test-server.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { cursorStoreContract } from './cursor-store-contract.js';

let admin: Redis;
let prefixCounter = 0;

beforeAll(async () => {
  admin = await connectTestRedis();
});

afterAll(async () => {
  if (!admin) return;
  await deleteWithPrefix(admin, RUN_PREFIX);
  await admin.quit();
});

cursorStoreContract('RedisCursorStore', async ({ now }) => {
  const keyPrefix = `${RUN_PREFIX}${++prefixCounter}:`;
  const open = () => new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix, now });
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: () => deleteWithPrefix(admin, keyPrefix),
  };
});

const key = { tenantId: 'tenant-a', clientId: 'client-1', syncKey: 'hr-feed' };
const write = {
  link: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x',
  linkKind: 'delta' as const,
  userQuery: '',
};

describe('RedisCursorStore', () => {
  it('keeps every key under its prefix: one hash per cursor and one index per scope', async () => {
    const keyPrefix = `${RUN_PREFIX}layout:`;
    const store = new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix });
    try {
      await store.put(key, write);
      await store.put({ ...key, syncKey: 'second' }, write);
      const keys = (await keysWithPrefix(admin, keyPrefix)).sort();
      expect(keys).toEqual([
        `${keyPrefix}{tenant-a:client-1}:c:hr-feed`,
        `${keyPrefix}{tenant-a:client-1}:c:second`,
        `${keyPrefix}{tenant-a:client-1}:index`,
      ]);
      await store.delete(key);
      await store.delete({ ...key, syncKey: 'second' });
      expect(await keysWithPrefix(admin, keyPrefix)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('two instances with the same prefix see each other, other prefixes do not', async () => {
    const keyPrefix = `${RUN_PREFIX}shared:`;
    const a = new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix });
    const b = new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix });
    const elsewhere = new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix: `${RUN_PREFIX}elsewhere:` });
    try {
      const written = await a.put(key, write);
      expect(await b.get(key)).toEqual(written);
      expect(await b.list(key)).toEqual([written]);
      expect(await elsewhere.get(key)).toBeNull();
      expect(await b.delete(key)).toBe(true);
      expect(await a.get(key)).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
    }
  });

  it('answers StoreUnavailableError (not a hang) when nothing listens on the port', async () => {
    const port = await closedPort();
    const store = new RedisCursorStore({ url: `redis://127.0.0.1:${port}`, readyWaitMs: 300 });
    try {
      expect(await store.ping()).toBe(false);
      await expect(store.get(key)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.put(key, write, 0)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.list(key)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.get(key)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await store.close();
    }
  });

  it('reconnects by itself when Redis comes back', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    await proxy.start();
    const store = new RedisCursorStore({
      url: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix: `${RUN_PREFIX}reconnect:`,
      readyWaitMs: 200,
    });
    try {
      await store.put(key, write);
      await proxy.cut();
      await vi.waitFor(async () => expect(await store.ping()).toBe(false), { timeout: 10_000, interval: 50 });
      await expect(store.get(key)).rejects.toBeInstanceOf(StoreUnavailableError);
      await proxy.start();
      await vi.waitFor(async () => expect(await store.ping()).toBe(true), { timeout: 10_000, interval: 100 });
      expect(await store.get(key)).toMatchObject({ ...key, version: 1 });
    } finally {
      await store.close();
      await proxy.cut();
    }
  });

  it('rejects bad options with TypeErrors', () => {
    expect(() => new RedisCursorStore({ url: 'http://127.0.0.1:6379' })).toThrow(TypeError);
    expect(() => new RedisCursorStore({ url: TEST_REDIS_URL, keyPrefix: 'a{b' })).toThrow(TypeError);
    expect(() => new RedisCursorStore({ url: TEST_REDIS_URL, commandTimeoutMs: 0 })).toThrow(TypeError);
  });
});
