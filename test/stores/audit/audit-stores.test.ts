import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuditStore } from '../../../src/stores/audit/memory-audit-store.js';
import { RedisAuditStore } from '../../../src/stores/audit/redis-audit-store.js';
import { SqliteAuditStore } from '../../../src/stores/audit/sqlite-audit-store.js';
import {
  connectTestRedis,
  deleteWithPrefix,
  keysWithPrefix,
  RUN_PREFIX,
  TEST_REDIS_URL,
} from '../../helpers/redis-test-server.js';
import { auditStoreContract, RETENTION_MS, START_MS } from './audit-store-contract.js';

let admin: Redis;
let folder: string;
let counter = 0;

beforeAll(async () => {
  admin = await connectTestRedis();
  folder = await mkdtemp(join(tmpdir(), 'audit-store-'));
});
afterAll(async () => {
  await deleteWithPrefix(admin, RUN_PREFIX);
  await admin.quit();
  await rm(folder, { recursive: true, force: true });
});

function clock() {
  let now = START_MS;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

auditStoreContract('MemoryAuditStore', async () => {
  const { now, advance } = clock();
  return { store: new MemoryAuditStore({ retentionMs: RETENTION_MS, now }), advance };
});

auditStoreContract('SqliteAuditStore', async () => {
  const { now, advance } = clock();
  const path = join(folder, `state-${++counter}.db`);
  const open = () => new SqliteAuditStore({ path, retentionMs: RETENTION_MS, now });
  return { store: open(), advance, openAnother: async () => open() };
});

auditStoreContract('RedisAuditStore', async () => {
  const { now, advance } = clock();
  const keyPrefix = `${RUN_PREFIX}audit-${++counter}:`;
  const open = () => new RedisAuditStore({ url: TEST_REDIS_URL, keyPrefix, retentionMs: RETENTION_MS, now });
  return {
    store: open(),
    advance,
    openAnother: async () => open(),
    cleanup: () => deleteWithPrefix(admin, keyPrefix),
  };
});

describe('expired audit records are deleted, not only hidden', () => {
  it('SQLite deletes rows past the retention when a record is appended', async () => {
    const { now, advance } = clock();
    const path = join(folder, `purge-${++counter}.db`);
    const store = new SqliteAuditStore({ path, retentionMs: RETENTION_MS, now });
    const record = (atMs: number) => ({
      id: `id-${atMs}`,
      at: new Date(atMs).toISOString(),
      who: 'anonymous',
      action: 'update-user',
      tenantId: 't',
      clientId: 'c',
      fields: [],
      outcome: 'success' as const,
    });
    await store.append(record(START_MS));
    advance(RETENTION_MS + 61_000);
    await store.append(record(now()));
    await store.close();
    const db = new Database(path, { readonly: true });
    const ids = db.prepare('SELECT id FROM audit_records').all() as Array<{ id: string }>;
    db.close();
    expect(ids).toEqual([{ id: `id-${START_MS + RETENTION_MS + 61_000}` }]);
  });

  it('Redis removes records past the retention and lets the sets expire', async () => {
    const { now, advance } = clock();
    const keyPrefix = `${RUN_PREFIX}audit-purge-${++counter}:`;
    const store = new RedisAuditStore({ url: TEST_REDIS_URL, keyPrefix, retentionMs: RETENTION_MS, now });
    const record = (atMs: number) => ({
      id: `id-${atMs}`,
      at: new Date(atMs).toISOString(),
      who: 'anonymous',
      action: 'update-user',
      tenantId: 't',
      clientId: 'c',
      objectId: 'someone@contoso.com',
      fields: [],
      outcome: 'success' as const,
    });
    await store.append(record(START_MS));
    advance(RETENTION_MS + 1000);
    await store.append(record(now()));
    await store.close();
    const keys = await keysWithPrefix(admin, keyPrefix);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(await admin.zcard(key)).toBe(1);
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(RETENTION_MS);
    }
    await deleteWithPrefix(admin, keyPrefix);
  });
});

describe('MemoryAuditStore bounds', () => {
  const scope = { tenantId: 'tenant-a', clientId: 'app-a' };
  const record = (index: number, at: string) => ({
    id: `id-${String(index).padStart(6, '0')}`,
    at,
    who: 'anonymous',
    action: 'update-user',
    ...scope,
    objectId: `user-${index}`,
    fields: ['userId'],
    outcome: 'success' as const,
    graphRequestIds: [`request-${index}`],
  });

  it('keeps the newest maxRecords, across the cuts it makes to drop the rest', async () => {
    const { now } = clock();
    const store = new MemoryAuditStore({ retentionMs: RETENTION_MS, maxRecords: 1500, now });
    const at = new Date(START_MS).toISOString();
    for (let index = 0; index < 5000; index += 1) await store.append(record(index, at));
    const kept = await store.query(scope, { limit: 10_000 });
    expect(kept).toHaveLength(1500);
    expect(new Set(kept.map((entry) => entry.objectId))).toEqual(
      new Set(Array.from({ length: 1500 }, (_, offset) => `user-${3500 + offset}`)),
    );
  });

  it('drops records past the retention, however many it holds', async () => {
    const { now, advance } = clock();
    const store = new MemoryAuditStore({ retentionMs: RETENTION_MS, now });
    for (let index = 0; index < 3000; index += 1) {
      await store.append(record(index, new Date(now()).toISOString()));
      if (index === 1999) advance(RETENTION_MS + 1);
    }
    const kept = await store.query(scope, { limit: 10_000 });
    expect(kept).toHaveLength(1000);
    expect(kept.every((entry) => Number(entry.objectId?.slice(5)) >= 2000)).toBe(true);
  });

  it('keeps its own copy: a caller changing its arrays later does not change the trail', async () => {
    const { now } = clock();
    const store = new MemoryAuditStore({ retentionMs: RETENTION_MS, now });
    const written = record(1, new Date(now()).toISOString());
    await store.append(written);
    written.fields.push('department');
    written.graphRequestIds.push('request-later');
    const [kept] = await store.query(scope, { limit: 1 });
    expect(kept?.fields).toEqual(['userId']);
    expect(kept?.graphRequestIds).toEqual(['request-1']);
  });
});
