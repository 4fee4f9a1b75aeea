import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord, AuditStore } from '../../../src/stores/audit/audit-store.js';

export interface AuditStoreSubject {
  store: AuditStore;
  /** Moves the store's clock (its retention is RETENTION_MS). */
  advance: (ms: number) => void;
  /** A second store on the same storage (another replica, or the process after a restart). */
  openAnother?: () => Promise<AuditStore>;
  cleanup?: () => Promise<void>;
}

export const RETENTION_MS = 60 * 60_000;
/** The stores' clock starts here; records are written with times around it. */
export const START_MS = Date.parse('2026-05-06T08:00:00.000Z');

const scope = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
};

function aRecord(atMs: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: randomUUID(),
    at: new Date(atMs).toISOString(),
    who: 'key-0123456789ab',
    action: 'update-user',
    ...scope,
    objectId: 'Leaver@Contoso.com',
    fields: ['userId', 'accountEnabled'],
    outcome: 'success',
    graphRequestIds: ['7b2f3a1c-9d8e-4f6a-b5c4-3e2d1f0a9b8c'],
    ...overrides,
  };
}

/** The behaviour every AuditStore must have: memory, SQLite and Redis run the same checks. */
export function auditStoreContract(name: string, open: () => Promise<AuditStoreSubject>): void {
  describe(`${name} (audit store contract)`, () => {
    let subject: AuditStoreSubject;
    let store: AuditStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('gives records back as written, newest first, at most limit', async () => {
      const written = [0, 1000, 2000].map((offset) =>
        aRecord(START_MS + offset, { action: `step-${offset}`, runId: 'r1', stepId: `s${offset}` }),
      );
      for (const record of written) await store.append(record);
      expect(await store.query(scope, { limit: 10 })).toEqual([...written].reverse());
      expect(await store.query(scope, { limit: 2 })).toEqual([written[2], written[1]]);
    });

    it('finds an object by its id whatever the case, and only its records', async () => {
      const mine = aRecord(START_MS, { objectId: 'Leaver@Contoso.com' });
      const other = aRecord(START_MS + 1, { objectId: 'stayer@contoso.com' });
      const none = aRecord(START_MS + 2, { objectId: undefined });
      delete none.objectId;
      for (const record of [mine, other, none]) await store.append(record);
      expect(await store.query(scope, { objectId: 'leaver@contoso.COM', limit: 10 })).toEqual([mine]);
      expect(await store.query(scope, { limit: 10 })).toHaveLength(3);
    });

    it('answers only records at or after since', async () => {
      const early = aRecord(START_MS - 10_000);
      const edge = aRecord(START_MS);
      const late = aRecord(START_MS + 10_000);
      for (const record of [early, edge, late]) await store.append(record);
      expect(await store.query(scope, { since: START_MS, limit: 10 })).toEqual([late, edge]);
      expect(
        await store.query(scope, { objectId: 'leaver@contoso.com', since: START_MS + 1, limit: 10 }),
      ).toEqual([late]);
    });

    it("keeps one tenant's and one app's trail from another's", async () => {
      await store.append(aRecord(START_MS));
      expect(
        await store.query({ ...scope, clientId: 'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee' }, { limit: 10 }),
      ).toEqual([]);
      expect(await store.query({ ...scope, tenantId: 'contoso.com' }, { limit: 10 })).toEqual([]);
    });

    it('stops answering a record once it is older than the retention', async () => {
      const old = aRecord(START_MS - RETENTION_MS + 5000);
      const recent = aRecord(START_MS);
      await store.append(old);
      await store.append(recent);
      expect(await store.query(scope, { limit: 10 })).toEqual([recent, old]);
      subject.advance(10_000);
      expect(await store.query(scope, { limit: 10 })).toEqual([recent]);
      expect(await store.query(scope, { objectId: 'leaver@contoso.com', limit: 10 })).toEqual([recent]);
    });

    it('shares the trail with another store on the same storage', async () => {
      if (!subject.openAnother) return;
      const record = aRecord(START_MS, {
        fields: ['userId', 'displayName'],
        note: 'Zoë "Z" Ørsted',
      } as never);
      await store.append(record);
      const another = await subject.openAnother();
      try {
        expect(await another.query(scope, { limit: 10 })).toEqual([record]);
      } finally {
        await another.close();
      }
    });
  });
}
