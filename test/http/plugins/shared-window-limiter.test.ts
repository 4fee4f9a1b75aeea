import { describe, expect, it } from 'vitest';
import { SharedWindowLimiter } from '../../../src/http/plugins/shared-window-limiter.js';
import type { RequestCounter, WindowCount } from '../../../src/stores/rate-limit/redis-request-counter.js';

/** A shared store whose answers the test decides. */
function counter(answer: (caller: string) => Promise<WindowCount>, ready = true): RequestCounter {
  return { ready, increment: answer, close: async () => {} };
}

describe('SharedWindowLimiter', () => {
  it("decides from the shared store's count", async () => {
    const limiter = new SharedWindowLimiter(
      3,
      counter(async () => ({ count: 4, resetInMs: 12_000 })),
    );
    expect(await limiter.take('key:0', 0)).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetInMs: 12_000,
    });
  });

  it('counts on its own when a store call fails, and never asks a store that is not connected', async () => {
    let asked = 0;
    const failing = new SharedWindowLimiter(
      2,
      counter(async () => {
        asked += 1;
        throw new Error('Redis cursor store failed: Command timed out');
      }),
    );
    const decisions = [
      await failing.take('ip:a', 0),
      await failing.take('ip:a', 1),
      await failing.take('ip:a', 2),
    ];
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(asked).toBe(3);

    const down = new SharedWindowLimiter(
      1,
      counter(() => Promise.reject(new Error('must not be asked')), false),
    );
    expect(down.take('ip:a', 0)).toMatchObject({ allowed: true, remaining: 0 });
  });
});
