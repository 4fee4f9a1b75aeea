import { describe, expect, it } from 'vitest';
import type { GraphRequest } from '../../src/graph/graph-request.js';
import { SlidingWindowLog } from '../../src/graph/sliding-window-log.js';
import { TenantBudgetSpentError, TenantGraphBudget } from '../../src/graph/tenant-graph-budget.js';
import { Deadline } from '../../src/net/deadline.js';

const connection = { tenantId: 'Tenant-A', clientId: 'app-1', clientSecret: 'not-a-secret' };

function request(overrides: Partial<GraphRequest> = {}): GraphRequest {
  return { connection, method: 'GET', path: '/users/x', requestId: 'r', ...overrides };
}

describe('sliding window log', () => {
  it('never grants more than the limit in any window, whatever its alignment', () => {
    const log = new SlidingWindowLog(3, 1000);
    expect(log.take('k', 1, 0).granted).toBe(true);
    expect(log.take('k', 1, 600).granted).toBe(true);
    expect(log.take('k', 1, 900).granted).toBe(true);
    // A fixed window starting at 1000 would grant again here; the last 1000 ms already hold 3.
    expect(log.take('k', 1, 1000)).toEqual({ granted: true, retryInMs: 0 });
    expect(log.take('k', 1, 1100)).toEqual({ granted: false, retryInMs: 500 });
    expect(log.take('k', 2, 1700)).toEqual({ granted: false, retryInMs: 200 });
    expect(log.take('k', 2, 1900).granted).toBe(true);
    expect(log.take('other', 3, 1900).granted).toBe(true);
  });
});

describe('tenant Graph budget', () => {
  it('admits at once within the budget, then makes the next call wait for room instead of sending', async () => {
    let now = 0;
    const waits: number[] = [];
    const budget = new TenantGraphBudget({
      limit: 2,
      windowMs: 1000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    expect(budget.admit(request())).toBeUndefined();
    now = 400;
    expect(budget.admit(request())).toBeUndefined();
    now = 500;
    await budget.admit(request());
    // Room came when the first grant (at 0) left the window, plus a jitter under 25 ms.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThan(525);
    // Tenant ids differ only in case: one tenant.
    expect(budget.admit(request({ connection: { ...connection, tenantId: 'tenant-a' } }))).toBeInstanceOf(
      Promise,
    );
  });

  it('counts each item of a $batch', () => {
    const budget = new TenantGraphBudget({ limit: 20, windowMs: 1000, now: () => 0 });
    const items = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' }));
    expect(
      budget.admit(request({ method: 'POST', path: '/$batch', body: { requests: items } })),
    ).toBeUndefined();
    expect(budget.admit(request())).toBeInstanceOf(Promise);
  });

  it('refuses at once, unsent, when the room comes after the deadline', async () => {
    const budget = new TenantGraphBudget({ limit: 1, windowMs: 10_000 });
    expect(budget.admit(request())).toBeUndefined();
    const refused = budget.admit(request({ deadline: new Deadline(2_000) }));
    await expect(refused).rejects.toBeInstanceOf(TenantBudgetSpentError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 10 });
    // The default window: Graph's 10 s and half a second for requests on their way.
    const byDefault = new TenantGraphBudget({ limit: 1 });
    byDefault.admit(request());
    await expect(byDefault.admit(request({ deadline: new Deadline(2_000) }))).rejects.toMatchObject({
      retryAfterSeconds: 11,
    });
  });
});

describe('tenant Graph budget on a shared store', () => {
  it('draws from the shared store while it is connected, and from its own window when it fails or is away', async () => {
    const draws: string[] = [];
    let ready = true;
    let fail = false;
    const budget = new TenantGraphBudget({
      limit: 1,
      windowMs: 1000,
      now: () => 0,
      shared: {
        get ready() {
          return ready;
        },
        take: async (key) => {
          draws.push(key);
          if (fail) throw new Error('Redis went away');
          return { granted: true, retryInMs: 0 };
        },
      },
    });
    await budget.admit(request());
    expect(draws).toEqual(['tenant-a/app-1']);
    fail = true;
    // The shared draw failed: the local window grants its one request, then is spent.
    await budget.admit(request());
    ready = false;
    // Redis away: the local window, spent, refuses at once (room in 1 s, the deadline in 0.5 s).
    await expect(budget.admit(request({ deadline: new Deadline(500) }))).rejects.toBeInstanceOf(
      TenantBudgetSpentError,
    );
    expect(draws).toHaveLength(2);
  });

  describe('leases from the shared budget', () => {
    /** A shared budget that grants what fits `limit` (no window: the test clock never passes it). */
    function countingShared(limit: number) {
      const takes: Array<{ count: number; spare: number }> = [];
      let used = 0;
      return {
        takes,
        used: () => used,
        shared: {
          ready: true,
          take: async (_key: string, count: number, _limit: number, _windowMs: number, spare = 0) => {
            takes.push({ count, spare });
            if (used + count > limit) return { granted: false, retryInMs: 1000 };
            const taken = Math.max(0, Math.min(spare, limit - used - count));
            used += count + taken;
            return { granted: true, retryInMs: 0, spare: taken };
          },
        },
      };
    }

    /** A budget of `limit` per minute on a counting shared store, on the given clock. */
    function leasingBudget(limit: number, now: () => number) {
      const store = countingShared(limit);
      return { store, budget: new TenantGraphBudget({ limit, windowMs: 60_000, now, shared: store.shared }) };
    }

    it('asks once for many calls under load, and takes at most one lease more than it sends', async () => {
      const clock = { now: 0 };
      const { store, budget } = leasingBudget(100_000, () => clock.now);
      // 50 calls every 10 ms for 300 ms: 5,000 calls a second.
      let takesInFirstPeriod = 0;
      for (let tick = 0; tick < 30; tick += 1, clock.now += 10) {
        if (tick === 10) takesInFirstPeriod = store.takes.length;
        for (let call = 0; call < 50; call += 1) await budget.admit(request());
      }
      // The first period asks once per call (no rate known yet); then each take leases 31 more.
      expect(takesInFirstPeriod).toBe(500);
      expect(store.takes.length - takesInFirstPeriod).toBeLessThanOrEqual(Math.ceil(1000 / 32) + 1);
      expect(store.takes.at(-1)?.spare).toBe(31);
      expect(store.used()).toBeGreaterThanOrEqual(1500);
      expect(store.used()).toBeLessThanOrEqual(1500 + 31);
    });

    it('leases nothing for a quiet key, so a quiet replica wastes no budget', async () => {
      const clock = { now: 0 };
      const { store, budget } = leasingBudget(100, () => clock.now);
      for (let call = 0; call < 5; call += 1, clock.now += 1000) await budget.admit(request());
      expect(store.takes.map((take) => take.spare)).toEqual([0, 0, 0, 0, 0]);
      expect(store.used()).toBe(5);
    });

    it('does not spend leased slots after LEASE_MS: it asks again', async () => {
      const clock = { now: 0 };
      const { store, budget } = leasingBudget(1000, () => clock.now);
      // 10 calls in one period, then one in the next: it leases 10.
      for (let call = 0; call < 10; call += 1) await budget.admit(request());
      clock.now = 100;
      await budget.admit(request());
      expect(store.takes.at(-1)).toEqual({ count: 1, spare: 10 });
      clock.now = 150;
      expect(budget.admit(request())).toBeUndefined();
      const takes = store.takes.length;
      clock.now = 260;
      await budget.admit(request());
      expect(store.takes.length).toBe(takes + 1);
    });
  });
});
