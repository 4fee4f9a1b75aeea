import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../../../src/http/plugins/fixed-window-limiter.js';

describe('FixedWindowLimiter', () => {
  it('allows `limit` requests per window per caller, then refuses until the window resets', () => {
    const limiter = new FixedWindowLimiter(3, 60_000);
    const at = (ms: number) => limiter.take('a', 1_000_000 + ms);
    expect([at(0), at(10), at(20)].map((d) => d.allowed)).toEqual([true, true, true]);
    expect(at(30)).toEqual({ allowed: false, limit: 3, remaining: 0, resetInMs: 59_970 });
    expect(limiter.take('b', 1_000_030).allowed).toBe(true); // another caller has its own window
    expect(at(59_999).allowed).toBe(false);
    expect(at(60_000)).toMatchObject({ allowed: true, remaining: 2, resetInMs: 60_000 });
  });

  it('starts a new window when the clock goes backwards instead of locking the caller out', () => {
    const limiter = new FixedWindowLimiter(1, 1_000);
    expect(limiter.take('a', 5_000).allowed).toBe(true);
    expect(limiter.take('a', 5_001).allowed).toBe(false);
    expect(limiter.take('a', 4_000).allowed).toBe(true);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new FixedWindowLimiter(0)).toThrow(TypeError);
    expect(() => new FixedWindowLimiter(1.5)).toThrow(TypeError);
  });
});
