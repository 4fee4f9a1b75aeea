import { GraphError, GraphUnavailableError } from '../../graph/graph-error.js';
import { Deadline } from '../../net/deadline.js';
import { abortableSleep } from '../../net/sleep.js';

/**
 * Whether a write whose answer is this error may still have been applied: the connection dropped
 * or timed out after the request was sent, or Graph said 503/504. Writes that are not retried
 * (creates, additions) then learn their outcome by reading instead.
 */
export function outcomeMayBeUnknown(error: unknown): boolean {
  if (error instanceof GraphUnavailableError)
    return error.reason === 'timeout' || error.reason === 'unreachable';
  return error instanceof GraphError && (error.status === 503 || error.status === 504);
}

/** Learning the outcome may use this long even when the call's own deadline was spent waiting. */
const RECOVERY_BUDGET_MS = 3000;

/** The deadline for the reads that learn an outcome. */
export function recoveryDeadline(callDeadline: Deadline): Deadline {
  return new Deadline(Math.max(callDeadline.remainingMs(), RECOVERY_BUDGET_MS));
}

/**
 * Graph's 503 asked for a pause: the read that learns the outcome is a new request to the same
 * service (with the same client-request-id), so it waits too. False when the pause is longer than
 * the time left to learn anything.
 */
export async function waitOutRetryAfter(failure: unknown, deadline: Deadline): Promise<boolean> {
  const waitMs = failure instanceof GraphError ? (failure.retryAfterSeconds ?? 0) * 1000 : 0;
  if (waitMs === 0) return true;
  if (waitMs >= deadline.remainingMs()) return false;
  await abortableSleep(waitMs);
  return true;
}
