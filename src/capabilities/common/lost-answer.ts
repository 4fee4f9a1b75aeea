import { GraphError, GraphUnavailableError } from '../../graph/graph-error.js';
import { Deadline } from '../../net/deadline.js';
import { abortableSleep } from '../../net/sleep.js';

/**
 * Whether a write whose answer is this error may still have been applied: the connection dropped
 * or timed out after the request was sent, or Graph said 503/504. Writes the Graph client does not
 * retry (creates, additions) then learn their outcome: by reading, or for a member addition by
 * sending it once more and reading the answer (member-after-lost-answer.ts).
 */
export function outcomeMayBeUnknown(error: unknown): boolean {
  if (error instanceof GraphUnavailableError)
    return error.reason === 'timeout' || error.reason === 'unreachable';
  return error instanceof GraphError && (error.status === 503 || error.status === 504);
}

/** Learning the outcome may use this long even when the call's own deadline was spent waiting. */
const RECOVERY_BUDGET_MS = 3000;

/**
 * The deadline for the requests that learn a lost answer's outcome, once Graph's pause is over: a
 * 503's Retry-After asked for one, and the request that learns the outcome goes to the same service
 * (with the same client-request-id), so it waits too. Undefined when the pause is longer than the
 * time left to learn anything.
 */
export async function recoveryWindow(
  callDeadline: Deadline,
  failure: unknown,
): Promise<Deadline | undefined> {
  const deadline = new Deadline(Math.max(callDeadline.remainingMs(), RECOVERY_BUDGET_MS));
  const waitMs = failure instanceof GraphError ? (failure.retryAfterSeconds ?? 0) * 1000 : 0;
  if (waitMs === 0) return deadline;
  if (waitMs >= deadline.remainingMs()) return undefined;
  await abortableSleep(waitMs);
  return deadline;
}
