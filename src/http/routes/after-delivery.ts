import type { ServerResponse } from 'node:http';
import type { DeliveryTask } from '../../capabilities/capability.js';

/**
 * Runs each task once the answer's fate is known: `delivered` is true when the response ended
 * with status 200 and its last byte was handed to the operating system on a connection that was
 * still open ('finish'); false when the connection closed first (the caller left, timed out or
 * the socket broke). A task never runs twice and never throws out of here: each reports its own
 * failures (see query-user-changes' commit).
 */
export function afterDelivery(response: ServerResponse, tasks: readonly DeliveryTask[]): void {
  if (tasks.length === 0) return;
  let settled = false;
  const settle = (delivered: boolean) => {
    if (settled) return;
    settled = true;
    for (const task of tasks) task(delivered).catch(() => {});
  };
  // The caller may have left while the capability ran: then no event is still to come.
  if (response.destroyed) {
    settle(false);
    return;
  }
  response.once('finish', () => settle(response.statusCode === 200));
  // After 'finish' this changes nothing; before it, the caller has not got the whole answer.
  response.once('close', () => settle(false));
}
