import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdempotencyStore, StoredResponse } from '../../../src/stores/idempotency/idempotency-store.js';

export interface IdempotencySubject {
  store: IdempotencyStore;
  /** A second store on the same storage (another replica), when the kind has one. */
  openAnother?: () => Promise<IdempotencyStore>;
  cleanup?: () => Promise<void>;
}

const response: StoredResponse = {
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: '{"output":{"rawResponse":{"id":"u-1","displayName":"Zoë \\"Z\\" Ørsted"},"statusCode":201}}',
};

/** The behaviour every IdempotencyStore must have: memory, SQLite and Redis run the same checks. */
export function idempotencyStoreContract(name: string, open: () => Promise<IdempotencySubject>): void {
  describe(`${name} (idempotency store contract)`, () => {
    let subject: IdempotencySubject;
    let store: IdempotencyStore;
    let key: string;
    let counter = 0;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      key = `record-${process.pid}-${Date.now()}-${++counter}`;
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('lets the first request claim a key, and tells a repeat that it is running', async () => {
      const first = await store.begin(key, 'fp-1', 10_000);
      expect(first.state).toBe('claimed');
      const repeat = await store.begin(key, 'fp-1', 10_000);
      expect(repeat).toMatchObject({ state: 'running', fingerprint: 'fp-1' });
      if (repeat.state === 'running') expect(repeat.leaseExpiresAt).toBeGreaterThan(Date.now());
    });

    it('replays the stored response byte for byte, with the first fingerprint', async () => {
      const first = await store.begin(key, 'fp-1', 10_000);
      if (first.state !== 'claimed') throw new Error('not claimed');
      await store.complete(key, first.owner, response, 60_000);
      expect(await store.begin(key, 'fp-2', 10_000)).toEqual({
        state: 'completed',
        fingerprint: 'fp-1',
        response,
      });
    });

    it('frees a released key for the next request', async () => {
      const first = await store.begin(key, 'fp-1', 10_000);
      if (first.state !== 'claimed') throw new Error('not claimed');
      await store.release(key, first.owner);
      expect((await store.begin(key, 'fp-1', 10_000)).state).toBe('claimed');
    });

    it('frees the key of a request whose lease ran out (a crashed replica), and ignores its late writes', async () => {
      const crashed = await store.begin(key, 'fp-1', 50);
      if (crashed.state !== 'claimed') throw new Error('not claimed');
      await new Promise((resolve) => setTimeout(resolve, 120));
      const next = await store.begin(key, 'fp-1', 10_000);
      expect(next.state).toBe('claimed');
      // The first request wakes up and tries to record or release: the key is no longer its own.
      await store.complete(key, crashed.owner, { ...response, body: '{"late":true}' }, 60_000);
      await store.release(key, crashed.owner);
      expect((await store.begin(key, 'fp-1', 10_000)).state).toBe('running');
    });

    it('forgets a completed response after its retention', async () => {
      const first = await store.begin(key, 'fp-1', 10_000);
      if (first.state !== 'claimed') throw new Error('not claimed');
      await store.complete(key, first.owner, response, 50);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect((await store.begin(key, 'fp-1', 10_000)).state).toBe('claimed');
    });

    it('gives a key to exactly one of many concurrent claims, across replicas where there are any', async () => {
      const others = subject.openAnother ? [await subject.openAnother(), await subject.openAnother()] : [];
      try {
        const stores = [store, ...others];
        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.begin(key, 'fp-1', 10_000)),
        );
        expect(outcomes.filter((outcome) => outcome.state === 'claimed')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.state === 'running')).toHaveLength(11);
      } finally {
        for (const other of others) await other.close();
      }
    });

    it('keeps keys apart', async () => {
      expect((await store.begin(`${key}-a`, 'fp', 10_000)).state).toBe('claimed');
      expect((await store.begin(`${key}-b`, 'fp', 10_000)).state).toBe('claimed');
    });
  });
}
