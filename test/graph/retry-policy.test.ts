import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_RETRY_OPTIONS,
  isIdempotent,
  isRetryable,
  planRetry,
  type RetryOptions,
} from '../../src/graph/retry-policy.js';

const opts: RetryOptions = { maxRetries: 3, maxTotalWaitMs: 30_000, baseDelayMs: 500, maxDelayMs: 8_000 };
const fresh = { retriesDone: 0, waitedMs: 0 };

describe('isIdempotent', () => {
  it('defaults by method', () => {
    expect(isIdempotent('GET')).toBe(true);
    expect(isIdempotent('PUT')).toBe(true);
    expect(isIdempotent('DELETE')).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
    expect(isIdempotent('PATCH')).toBe(false);
  });

  it('lets the caller declare a POST idempotent (or a DELETE not)', () => {
    expect(isIdempotent('POST', true)).toBe(true);
    expect(isIdempotent('DELETE', false)).toBe(false);
  });
});

describe('isRetryable', () => {
  it.each([429, 503, 504])('retries idempotent calls on %d', (status) => {
    expect(isRetryable({ kind: 'status', status }, true)).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 500, 502])('never retries %d', (status) => {
    expect(isRetryable({ kind: 'status', status }, true)).toBe(false);
  });

  it('retries a non-idempotent call on 429 only, not on 503/504', () => {
    expect(isRetryable({ kind: 'status', status: 429 }, false)).toBe(true);
    expect(isRetryable({ kind: 'status', status: 503 }, false)).toBe(false);
    expect(isRetryable({ kind: 'status', status: 504 }, false)).toBe(false);
  });

  it('retries a non-idempotent call only when the connection was never made', () => {
    expect(isRetryable({ kind: 'transport', failure: 'refused' }, false)).toBe(true);
    expect(isRetryable({ kind: 'transport', failure: 'connect-timeout' }, false)).toBe(true);
    expect(isRetryable({ kind: 'transport', failure: 'dropped' }, false)).toBe(false);
    expect(isRetryable({ kind: 'transport', failure: 'dropped' }, true)).toBe(true);
  });

  it('does not retry after our own timeouts or the caller giving up', () => {
    expect(isRetryable({ kind: 'transport', failure: 'timeout' }, true)).toBe(false);
    expect(isRetryable({ kind: 'transport', failure: 'aborted' }, true)).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('stays within [0, min(max, base * 2^n)) for any random draw (full jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = backoffDelayMs(n, opts, () => r);
          const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** n);
          return delay >= 0 && delay < ceiling;
        },
      ),
    );
  });

  it('grows with the retry index until the cap', () => {
    expect(backoffDelayMs(0, opts, () => 0.999)).toBe(499);
    expect(backoffDelayMs(2, opts, () => 0.999)).toBe(1998);
    expect(backoffDelayMs(10, opts, () => 0.999)).toBe(7992);
  });
});

describe('planRetry', () => {
  const random = () => 0.5;

  it('waits exactly what Retry-After asks, never less', () => {
    expect(planRetry({ kind: 'status', status: 429, retryAfterMs: 2128 }, true, fresh, opts, random)).toEqual(
      {
        retry: true,
        delayMs: 2128,
      },
    );
  });

  it('uses Retry-After even above the backoff cap', () => {
    const d = planRetry({ kind: 'status', status: 503, retryAfterMs: 20_000 }, true, fresh, opts, random);
    expect(d).toEqual({ retry: true, delayMs: 20_000 });
  });

  it('stops when the wait Graph asks for exceeds the remaining budget', () => {
    const d = planRetry(
      { kind: 'status', status: 429, retryAfterMs: 10_000 },
      true,
      { retriesDone: 1, waitedMs: 25_000 },
      opts,
      random,
    );
    expect(d).toEqual({ retry: false, reason: 'budget-exceeded' });
  });

  it('falls back to jittered backoff when there is no Retry-After (or it is 0)', () => {
    expect(planRetry({ kind: 'status', status: 503 }, true, fresh, opts, random)).toEqual({
      retry: true,
      delayMs: 250,
    });
    expect(planRetry({ kind: 'status', status: 503, retryAfterMs: 0 }, true, fresh, opts, random)).toEqual({
      retry: true,
      delayMs: 250,
    });
  });

  it('clamps backoff to the remaining budget', () => {
    const d = planRetry(
      { kind: 'status', status: 504 },
      true,
      { retriesDone: 2, waitedMs: 29_900 },
      opts,
      () => 0.99,
    );
    expect(d).toEqual({ retry: true, delayMs: 100 });
  });

  it('stops after maxRetries', () => {
    const d = planRetry(
      { kind: 'status', status: 429, retryAfterMs: 1 },
      true,
      { retriesDone: 3, waitedMs: 0 },
      opts,
      random,
    );
    expect(d).toEqual({ retry: false, reason: 'attempts-exhausted' });
  });

  it('refuses non-retryable outcomes outright', () => {
    expect(planRetry({ kind: 'status', status: 503 }, false, fresh, opts, random)).toEqual({
      retry: false,
      reason: 'not-retryable',
    });
  });

  it('never plans a total wait above the budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }), { maxLength: 10 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retryAfters, r) => {
          let state = { retriesDone: 0, waitedMs: 0 };
          for (const retryAfterMs of retryAfters) {
            const d = planRetry(
              { kind: 'status', status: 429, retryAfterMs },
              false,
              state,
              DEFAULT_RETRY_OPTIONS,
              () => r,
            );
            if (!d.retry) break;
            if (retryAfterMs !== undefined && retryAfterMs > 0 && d.delayMs < retryAfterMs) return false;
            state = { retriesDone: state.retriesDone + 1, waitedMs: state.waitedMs + d.delayMs };
          }
          return state.waitedMs <= DEFAULT_RETRY_OPTIONS.maxTotalWaitMs && state.retriesDone <= 3;
        },
      ),
    );
  });
});
