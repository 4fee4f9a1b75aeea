import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/stores/workflow-runs/run-store.js';
import type { WorkflowRun } from '../../../src/stores/workflow-runs/workflow-run.js';

export interface RunStoreSubject {
  store: RunStore;
  /** A second store on the same storage (another replica, or the process after a restart). */
  openAnother?: () => Promise<RunStore>;
  cleanup?: () => Promise<void>;
}

const scope = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
};

function aRun(overrides: Partial<WorkflowRun> = {}): WorkflowRun {
  return {
    runId: randomUUID(),
    workflow: 'offboard-user',
    ...scope,
    subjects: ['leaver@contoso.com'],
    status: 'running',
    input: { userId: 'leaver@contoso.com', passwordDigest: 'sha256:abc' },
    steps: [
      {
        id: 'update-user',
        capability: 'update-user',
        description: 'Disable sign-in',
        input: { userId: 'leaver@contoso.com', accountEnabled: false },
        status: 'planned',
        attempts: 0,
        graphRequestIds: [],
      },
    ],
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 1,
    ...overrides,
  };
}

/** The behaviour every RunStore must have: memory, SQLite and Redis run the same checks. */
export function runStoreContract(
  name: string,
  open: (options?: { retentionMs?: number }) => Promise<RunStoreSubject>,
): void {
  describe(`${name} (workflow run store contract)`, () => {
    let subject: RunStoreSubject;
    let store: RunStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('stores a run and gives it back as written', async () => {
      const run = aRun({ input: { note: 'Zoë "Z" Ørsted' } });
      expect(await store.insert(run)).toBe(true);
      expect(await store.get(scope, run.runId)).toEqual(run);
    });

    it('forgets a run once its retention, counted from its last write, is over', async () => {
      const retentionMs = 60_000;
      const short = await open({ retentionMs });
      try {
        const stale = new Date(Date.now() - retentionMs - 1000).toISOString();
        const expired = aRun({ createdAt: stale, updatedAt: stale });
        const recent = aRun({ createdAt: stale, updatedAt: new Date().toISOString() });
        await short.store.insert(expired);
        await short.store.insert(recent);
        expect(await short.store.get(scope, expired.runId)).toBeUndefined();
        expect(await short.store.replace({ ...expired, version: 2 })).toBe(false);
        expect((await short.store.get(scope, recent.runId))?.runId).toBe(recent.runId);
        const listed = await short.store.listBySubject(scope, 'leaver@contoso.com', 10);
        expect(listed.map((run) => run.runId)).toEqual([recent.runId]);
        // The id of a run gone with its retention is free again.
        expect(await short.store.insert({ ...expired, updatedAt: new Date().toISOString() })).toBe(true);
      } finally {
        await short.store.close();
        await short.cleanup?.();
      }
    });

    it('lists the runs still kept when newer ones are past their retention', async () => {
      const retentionMs = 60_000;
      const short = await open({ retentionMs });
      try {
        const user = `u-${randomUUID()}@contoso.com`;
        const stale = new Date(Date.now() - retentionMs - 1000).toISOString();
        const kept = aRun({ subjects: [user], createdAt: '2026-01-01T00:00:00.000Z' });
        await short.store.insert({ ...kept, updatedAt: new Date().toISOString() });
        // Newer by creation, so first in the index, but gone with their retention.
        for (let day = 2; day <= 6; day += 1) {
          const createdAt = `2026-01-0${day}T00:00:00.000Z`;
          await short.store.insert(aRun({ subjects: [user], createdAt, updatedAt: stale }));
        }
        expect((await short.store.listBySubject(scope, user, 2)).map((run) => run.runId)).toEqual([
          kept.runId,
        ]);
        expect((await short.store.listBySubject(scope, user, 1)).map((run) => run.runId)).toEqual([
          kept.runId,
        ]);
      } finally {
        await short.store.close();
        await short.cleanup?.();
      }
    });

    it('refuses a second run with the same id', async () => {
      const run = aRun();
      await store.insert(run);
      expect(await store.insert({ ...run, workflow: 'move-user' })).toBe(false);
      expect((await store.get(scope, run.runId))?.workflow).toBe('offboard-user');
    });

    it('keeps scopes apart', async () => {
      const run = aRun();
      await store.insert(run);
      expect(await store.get({ ...scope, clientId: randomUUID() }, run.runId)).toBeUndefined();
      expect(
        await store.listBySubject({ ...scope, tenantId: randomUUID() }, 'leaver@contoso.com', 10),
      ).toEqual([]);
    });

    it('replaces a run only from the version it read (compare-and-set)', async () => {
      const run = aRun();
      await store.insert(run);
      const started = { ...run, version: 2, steps: [{ ...run.steps[0]!, status: 'running' as const }] };
      expect(await store.replace(started)).toBe(true);
      // A second writer that also read version 1 loses.
      expect(await store.replace({ ...run, version: 2, status: 'failed' })).toBe(false);
      // A writer that skips a version loses too.
      expect(await store.replace({ ...run, version: 4 })).toBe(false);
      expect(await store.get(scope, run.runId)).toEqual(started);
    });

    it('does not create a run by replacing one that does not exist', async () => {
      const run = aRun({ version: 2 });
      expect(await store.replace(run)).toBe(false);
      expect(await store.get(scope, run.runId)).toBeUndefined();
    });

    it("lists a user's runs newest first, by any subject added later too", async () => {
      const user = `u-${randomUUID()}@contoso.com`;
      const older = aRun({ subjects: [user], createdAt: '2026-01-01T00:00:00.000Z' });
      const newer = aRun({ subjects: [user], createdAt: '2026-01-02T00:00:00.000Z' });
      await store.insert(older);
      await store.insert(newer);
      await store.insert(aRun({ subjects: ['someone.else@contoso.com'] }));
      expect((await store.listBySubject(scope, user, 10)).map((r) => r.runId)).toEqual([
        newer.runId,
        older.runId,
      ]);
      expect((await store.listBySubject(scope, user, 1)).map((r) => r.runId)).toEqual([newer.runId]);
      // The object id learnt when the user was created is indexed by the write that adds it.
      const objectId = randomUUID();
      await store.replace({ ...older, version: 2, subjects: [user, objectId] });
      expect((await store.listBySubject(scope, objectId, 10)).map((r) => r.runId)).toEqual([older.runId]);
    });

    it('shares runs with another store on the same storage', async (context) => {
      if (!subject.openAnother) return context.skip();
      const run = aRun();
      await store.insert(run);
      const other = await subject.openAnother();
      try {
        expect(await other.get(scope, run.runId)).toEqual(run);
        expect(await other.replace({ ...run, version: 2, status: 'done' })).toBe(true);
        expect((await store.get(scope, run.runId))?.status).toBe('done');
      } finally {
        await other.close();
      }
    });
  });
}
