import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCursorStore, redactUrl } from '../../src/stores/create-store.js';
import type { SqliteCursorStore } from '../../src/stores/sqlite-store.js';
import { TEST_REDIS_URL } from '../helpers/redis-test-server.js';

const root = mkdtempSync(join(tmpdir(), 'eum-create-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createCursorStore', () => {
  it('opens a memory store for memory:', async () => {
    const store = await createCursorStore('memory:');
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('opens sqlite paths relative to the working directory', async () => {
    const store = await createCursorStore('sqlite:./data/state.db', { cwd: root });
    expect(store.kind).toBe('sqlite');
    expect((store as SqliteCursorStore).path).toBe(join(root, 'data', 'state.db'));
    expect(existsSync(join(root, 'data', 'state.db'))).toBe(true);
    await store.close();
  });

  it('accepts absolute sqlite paths and sqlite::memory:', async () => {
    const absolute = await createCursorStore(`sqlite:${join(root, 'abs.db')}`, { cwd: '/nonexistent' });
    expect((absolute as SqliteCursorStore).path).toBe(join(root, 'abs.db'));
    await absolute.close();
    const inMemory = await createCursorStore('sqlite::memory:');
    expect((inMemory as SqliteCursorStore).path).toBe(':memory:');
    await inMemory.put(
      { tenantId: 't', clientId: 'c', syncKey: 'k' },
      { link: 'l', linkKind: 'next', userQuery: '' },
    );
    await inMemory.close();
  });

  it('opens a Redis store for redis:// and passes the key prefix on', async () => {
    const store = await createCursorStore(TEST_REDIS_URL, { redis: { keyPrefix: 'eum-create-test:' } });
    expect(store.kind).toBe('redis');
    expect(store).toMatchObject({ keyPrefix: 'eum-create-test:' });
    expect(await store.ping()).toBe(true);
    await store.close();
  });

  it.each(['postgres://localhost/db', 'sqlite:', 'memory', 'memory://x', 'redis://', './data/state.db'])(
    'rejects %s with a TypeError naming it',
    async (url) => {
      await expect(createCursorStore(url)).rejects.toThrow(TypeError);
      await expect(createCursorStore(url)).rejects.toThrow(url);
    },
  );

  it('rejects an empty URL', async () => {
    await expect(createCursorStore('')).rejects.toThrow(TypeError);
  });

  it('never puts a password from the URL in its message', async () => {
    const invalid = await rejectionOf(createCursorStore('redis://user:s3cr3t@:6379x'));
    expect(invalid).toBeInstanceOf(TypeError);
    expect(invalid.message).not.toContain('s3cr3t');
    const unsupported = await rejectionOf(createCursorStore('mongodb://admin:hunter2@db/x'));
    expect(unsupported.message).not.toContain('hunter2');
    expect(unsupported.message).toContain('mongodb://***@db/x');
  });
});

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('redactUrl', () => {
  it('masks credentials, including an unencoded @ in the password', () => {
    expect(redactUrl('redis://:pw@host:6379/0')).toBe('redis://***@host:6379/0');
    expect(redactUrl('rediss://user:p@ss@host')).toBe('rediss://***@host');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
