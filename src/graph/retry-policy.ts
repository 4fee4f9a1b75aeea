/**
 * When and how long to wait before repeating a Graph call. Pure functions: the loop that sleeps
 * lives in the client, so these rules are tested without clocks or sockets.
 * @see https://learn.microsoft.com/graph/throttling
 */

import type { TransportFailureKind } from '../net/transport-failure.js';
import type { GraphMethod } from './graph-request.js';

export interface RetryOptions {
  /** Retries after the first attempt (so at most maxRetries + 1 calls). */
  maxRetries: number;
  /** Total time the loop may spend sleeping across all retries. */
  maxTotalWaitMs: number;
  /** First backoff ceiling when Graph gives no Retry-After; doubles per retry. */
  baseDelayMs: number;
  /** Cap of one backoff step (Retry-After is never capped: waiting less than asked is pointless). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 3,
  maxTotalWaitMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** What one attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  | { kind: 'transport'; failure: TransportFailureKind };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exceeded' };

/** GET, PUT and DELETE are idempotent by HTTP semantics; POST and PATCH only when the caller says so. */
export function isIdempotent(method: GraphMethod, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

/**
 * Whether Graph may have applied the call although its answer says nothing of it: a 503/504 or a
 * connection that broke (or timed out) after the request was sent. A 429 is refused before
 * processing and a connection never made carried nothing.
 */
export function mayHaveBeenApplied(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'status') return outcome.status === 503 || outcome.status === 504;
  return outcome.failure === 'dropped' || outcome.failure === 'timeout';
}

/**
 * Whether Graph may be asked again. A non-idempotent call is repeated only when Graph cannot have
 * applied it: a 429 (rejected before processing) or a connection that was never made. A 503/504
 * or a dropped connection may hide a write that did happen (a second create would conflict).
 */
export function isRetryable(outcome: AttemptOutcome, idempotent: boolean): boolean {
  if (outcome.kind === 'status') {
    if (outcome.status === 429) return true;
    return idempotent && (outcome.status === 503 || outcome.status === 504);
  }
  switch (outcome.failure) {
    case 'refused':
    case 'connect-timeout':
      return true;
    case 'dropped':
      return idempotent;
    default:
      // Our own deadlines (headers/body timeout, caller abort) already spent the time budget.
      return false;
  }
}

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retryIndex)). */
export function backoffDelayMs(retryIndex: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/**
 * The next step after a failed attempt. `retriesDone` counts retries already made and
 * `waitedMs` the time already slept. A Retry-After longer than the remaining budget stops the
 * loop (the caller gets the 429 with its Retry-After) rather than retrying early.
 */
export function planRetry(
  outcome: AttemptOutcome,
  idempotent: boolean,
  state: { retriesDone: number; waitedMs: number },
  options: RetryOptions,
  random: () => number,
): RetryDecision {
  if (!isRetryable(outcome, idempotent)) return { retry: false, reason: 'not-retryable' };
  if (state.retriesDone >= options.maxRetries) return { retry: false, reason: 'attempts-exhausted' };
  const remaining = options.maxTotalWaitMs - state.waitedMs;
  const asked = outcome.kind === 'status' ? outcome.retryAfterMs : undefined;
  if (asked !== undefined && asked > 0) {
    return asked <= remaining ? { retry: true, delayMs: asked } : { retry: false, reason: 'budget-exceeded' };
  }
  if (remaining <= 0) return { retry: false, reason: 'budget-exceeded' };
  return { retry: true, delayMs: Math.min(remaining, backoffDelayMs(state.retriesDone, options, random)) };
}
