/**
 * The behaviour every CursorStore must have. Each store's test file calls cursorStoreContract
 * with a factory; persistent stores also give `openAnother`, which opens a second store on the
 * same storage (a second replica, or the process after a restart).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Clock,
  CursorKey,
  CursorStore,
  CursorWrite,
  SyncCursor,
} from '../../src/stores/cursor-store.js';
import { CursorConflictError, StoreUnavailableError } from '../../src/stores/store-errors.js';

export interface StoreSubject {
  store: CursorStore;
  /** A second, independent store on the same storage; absent for non-persistent stores. */
  openAnother?: () => Promise<CursorStore>;
  /** Removes what the subject created (temp files, Redis keys). Stores are closed before. */
  cleanup?: () => Promise<void>;
}

export type StoreFactory = (options: { now: Clock }) => Promise<StoreSubject>;

const key: CursorKey = { tenantId: 'tenant-a', clientId: 'client-1', syncKey: 'hr-feed' };
const deltaWrite: CursorWrite = {
  link: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc123',
  linkKind: 'delta',
  userQuery: '$select=id,displayName',
};
const nextWrite = (n: number): CursorWrite => ({
  link: `https://graph.microsoft.com/v1.0/users/delta?$skiptoken=page-${n}`,
  linkKind: 'next',
  userQuery: '$select=id,displayName',
});

export function cursorStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} (cursor store contract)`, () => {
    let subject: StoreSubject;
    let store: CursorStore;
    let others: CursorStore[];
    let clockMs: number;
    const now: Clock = () => new Date(clockMs);
    const tick = (ms = 1000) => {
      clockMs += ms;
    };

    beforeEach(async () => {
      clockMs = Date.parse('2024-05-01T10:00:00.000Z');
      others = [];
      subject = await factory({ now });
      store = subject.store;
    });

    afterEach(async () => {
      for (const other of others) await other.close();
      await store.close();
      await subject.cleanup?.();
    });

    async function another(): Promise<CursorStore> {
      const other = await subject.openAnother!();
      others.push(other);
      return other;
    }

    it('has a known kind and answers ping', async () => {
      expect(['sqlite', 'redis', 'memory']).toContain(store.kind);
      expect(await store.ping()).toBe(true);
    });

    it('takes the readiness write probe, which is no cursor and lists nowhere', async () => {
      await store.checkWritable();
      await store.checkWritable();
      expect(await store.list(key)).toEqual([]);
      expect(await store.get(key)).toBeNull();
    });

    it('returns null for a cursor that was never written', async () => {
      expect(await store.get(key)).toBeNull();
      expect(await store.list(key)).toEqual([]);
    });

    it('round-trips a cursor with version 1 and ISO timestamps', async () => {
      const written = await store.put(key, deltaWrite);
      const expected: SyncCursor = {
        ...key,
        ...deltaWrite,
        version: 1,
        createdAt: '2024-05-01T10:00:00.000Z',
        updatedAt: '2024-05-01T10:00:00.000Z',
      };
      expect(written).toEqual(expected);
      expect(await store.get(key)).toEqual(expected);
    });

    it('increments the version on every write, keeps createdAt and moves updatedAt', async () => {
      await store.put(key, nextWrite(1));
      tick();
      await store.put(key, nextWrite(2));
      tick();
      const third = await store.put(key, deltaWrite);
      expect(third.version).toBe(3);
      expect(third.createdAt).toBe('2024-05-01T10:00:00.000Z');
      expect(third.updatedAt).toBe('2024-05-01T10:00:02.000Z');
      expect(await store.get(key)).toEqual(third);
    });

    it('compare-and-set: expectedVersion 0 creates only when absent', async () => {
      const created = await store.put(key, nextWrite(1), 0);
      expect(created.version).toBe(1);
      const error = await store.put(key, deltaWrite, 0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CursorConflictError);
      expect(error).toMatchObject({ currentVersion: 1, expectedVersion: 0, key });
      expect(await store.get(key)).toEqual(created);
    });

    it('compare-and-set: a matching version wins, a stale one conflicts and changes nothing', async () => {
      await store.put(key, nextWrite(1));
      const second = await store.put(key, nextWrite(2), 1);
      expect(second).toMatchObject({ version: 2, link: nextWrite(2).link });
      const stale = await store.put(key, deltaWrite, 1).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(CursorConflictError);
      expect((stale as CursorConflictError).currentVersion).toBe(2);
      expect(await store.get(key)).toEqual(second);
    });

    it('compare-and-set against a missing cursor reports current version 0', async () => {
      const error = await store.put(key, deltaWrite, 3).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CursorConflictError);
      expect((error as CursorConflictError).currentVersion).toBe(0);
      expect(await store.get(key)).toBeNull();
    });

    it('lists one scope, sorted by syncKey, isolated from other tenants and clients', async () => {
      for (const syncKey of ['zeta', 'Alpha', 'alpha', 'm:1', 'm.0', '_x']) {
        await store.put({ ...key, syncKey }, deltaWrite);
      }
      await store.put({ ...key, tenantId: 'tenant-b' }, deltaWrite);
      await store.put({ ...key, clientId: 'client-2' }, deltaWrite);
      const listed = await store.list({ tenantId: key.tenantId, clientId: key.clientId });
      expect(listed.map((c) => c.syncKey)).toEqual(['Alpha', '_x', 'alpha', 'm.0', 'm:1', 'zeta']);
      expect(listed.every((c) => c.tenantId === key.tenantId && c.clientId === key.clientId)).toBe(true);
      expect(await store.list({ tenantId: 'tenant-b', clientId: key.clientId })).toHaveLength(1);
      expect(await store.list({ tenantId: 'tenant-c', clientId: key.clientId })).toEqual([]);
    });

    it('keeps scopes apart even when ids contain separators', async () => {
      const a = { tenantId: 'a:b', clientId: 'c', syncKey: 'k' };
      const b = { tenantId: 'a', clientId: 'b:c', syncKey: 'k' };
      await store.put(a, nextWrite(1));
      await store.put(b, nextWrite(2));
      expect((await store.get(a))?.link).toBe(nextWrite(1).link);
      expect((await store.get(b))?.link).toBe(nextWrite(2).link);
      expect(await store.list(a)).toHaveLength(1);
      expect(await store.list(b)).toHaveLength(1);
    });

    it('deletes a cursor, reports whether it existed, and a re-created one starts at version 1', async () => {
      await store.put(key, deltaWrite);
      await store.put({ ...key, syncKey: 'other' }, deltaWrite);
      expect(await store.delete(key)).toBe(true);
      expect(await store.delete(key)).toBe(false);
      expect(await store.get(key)).toBeNull();
      expect((await store.list(key)).map((c) => c.syncKey)).toEqual(['other']);
      expect((await store.put(key, deltaWrite, 0)).version).toBe(1);
    });

    it('stores keys and values with odd characters unchanged', async () => {
      const odd: CursorKey[] = [
        { tenantId: 'contoso.onmicrosoft.com', clientId: '{brace}%25*?[x]', syncKey: 'a:b@c.d~e-f_g' },
        { tenantId: 'tenant with spaces', clientId: 'ünïcødé-ид-🙂', syncKey: '_' },
        { tenantId: 't', clientId: 'c', syncKey: `k${'x'.repeat(199)}` },
      ];
      const write: CursorWrite = {
        link: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a+b/c=&$select=id,mail&x='ü'",
        linkKind: 'delta',
        userQuery: '',
      };
      for (const k of odd) await store.put(k, write);
      for (const k of odd) expect(await store.get(k)).toMatchObject({ ...k, ...write, version: 1 });
      expect(await store.list(odd[0]!)).toHaveLength(1);
    });

    it('rejects invalid input with TypeErrors and stores nothing', async () => {
      const bad: Array<[CursorKey, CursorWrite, number | undefined]> = [
        [{ ...key, syncKey: '' }, deltaWrite, undefined],
        [{ ...key, syncKey: 'x'.repeat(201) }, deltaWrite, undefined],
        [{ ...key, syncKey: 'a/b' }, deltaWrite, undefined],
        [{ ...key, syncKey: 'a b' }, deltaWrite, undefined],
        [{ ...key, syncKey: '..' }, deltaWrite, undefined],
        [{ ...key, tenantId: '' }, deltaWrite, undefined],
        [{ ...key, clientId: '' }, deltaWrite, undefined],
        [key, { ...deltaWrite, link: '' }, undefined],
        [key, { ...deltaWrite, linkKind: 'skip' as 'delta' }, undefined],
        [key, deltaWrite, -1],
        [key, deltaWrite, 1.5],
      ];
      for (const [k, w, v] of bad) {
        await expect(store.put(k, w, v)).rejects.toBeInstanceOf(TypeError);
      }
      await expect(store.get({ ...key, syncKey: 'a/b' })).rejects.toBeInstanceOf(TypeError);
      await expect(store.list({ tenantId: '', clientId: 'c' })).rejects.toBeInstanceOf(TypeError);
      await expect(store.delete({ ...key, syncKey: '' })).rejects.toBeInstanceOf(TypeError);
      expect(await store.list(key)).toEqual([]);
    });

    it('lets exactly one of 20 concurrent commits with the same expectedVersion win', async () => {
      await store.put(key, nextWrite(0));
      const stores = subject.openAnother ? [store, await another()] : [store];
      const attempts = Array.from({ length: 20 }, (_, i) =>
        stores[i % stores.length]!.put(key, nextWrite(i + 1), 1),
      );
      const results = await Promise.allSettled(attempts);
      const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(CursorConflictError);
          expect((r.reason as CursorConflictError).currentVersion).toBe(2);
        }
      }
      expect(await store.get(key)).toEqual(winners[0]);
    });

    it('lets exactly one of 20 concurrent creates (expectedVersion 0) win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.put(key, nextWrite(i), 0)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get(key))?.version).toBe(1);
    });

    it('loses no increment under 20 concurrent unconditional writes', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(key, nextWrite(i))));
      expect((await store.get(key))?.version).toBe(20);
    });

    it('hands out copies: changing a returned cursor does not change the store', async () => {
      const written = await store.put(key, deltaWrite);
      written.link = 'tampered';
      const read = await store.get(key);
      read!.version = 99;
      expect(await store.get(key)).toMatchObject({ link: deltaWrite.link, version: 1 });
    });

    it('is unavailable after close, and ping says so', async () => {
      await store.close();
      expect(await store.ping()).toBe(false);
      await expect(store.checkWritable()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.get(key)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.put(key, deltaWrite)).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    it('persists: a second store on the same storage sees writes, and data survives a reopen', async (ctx) => {
      if (!subject.openAnother) return ctx.skip();
      const second = await another();
      const written = await store.put(key, deltaWrite);
      expect(await second.get(key)).toEqual(written);
      const fromSecond = await second.put(key, nextWrite(1), 1);
      expect(await store.get(key)).toEqual(fromSecond);
      await expect(store.put(key, deltaWrite, 1)).rejects.toBeInstanceOf(CursorConflictError);
      await store.close();
      await second.close();
      const reopened = await another();
      expect(await reopened.get(key)).toEqual(fromSecond);
      expect(await reopened.list(key)).toEqual([fromSecond]);
    });
  });
}
