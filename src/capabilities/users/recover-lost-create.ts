import type { Connection } from '../../config/connection.js';
import { GraphError } from '../../graph/graph-error.js';
import type { GraphCaller, GraphResponse } from '../../graph/graph-request.js';
import { userPath } from '../../graph/user-path.js';
import type { Deadline } from '../../net/deadline.js';
import { abortableSleep } from '../../net/sleep.js';
import { recoveryWindow } from '../common/lost-answer.js';

/**
 * A create whose answer never came (the connection dropped, or Graph or the network timed out
 * after the request was sent) may have been applied. Creates are not retried, since a second one
 * would conflict, so the service asks Graph instead: the user is looked up by its UPN, and if the
 * user found is the one this request created, the create is reported as done.
 *
 * "The one this request created": same UPN and mailNickname, and created after this attempt
 * began (allowing for clock skew). A different user holding the UPN means the create could not
 * have succeeded, and the original failure is reported.
 */
/** Lookups are spaced out: a directory write can take a moment to become readable (replication). */
const LOOKUP_DELAYS_MS = [0, 300, 1000];
const CLOCK_SKEW_MS = 5 * 60_000;
/** The default user properties a create answers with, plus what identifies the created user. */
const SELECT =
  'id,businessPhones,displayName,givenName,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,' +
  'surname,userPrincipalName,mailNickname,createdDateTime';

export async function findCreatedUser(
  graph: GraphCaller,
  context: { connection: Connection; requestId: string; deadline: Deadline },
  created: { userPrincipalName: string; mailNickname: string },
  attempt: { startedAt: number; failure: unknown },
): Promise<GraphResponse | undefined> {
  const deadline = await recoveryWindow(context.deadline, attempt.failure);
  if (deadline === undefined) return undefined;
  for (const delayMs of LOOKUP_DELAYS_MS) {
    if (delayMs > 0) {
      if (deadline.remainingMs() <= delayMs) return undefined;
      await abortableSleep(delayMs);
    }
    let response: GraphResponse;
    try {
      response = await graph.send({
        connection: context.connection,
        method: 'GET',
        path: userPath(created.userPrincipalName),
        query: new URLSearchParams({ $select: SELECT }),
        requestId: context.requestId,
        deadline,
      });
    } catch (error) {
      if (error instanceof GraphError && error.status === 404) continue;
      return undefined;
    }
    return isTheCreatedUser(response.body, created, attempt.startedAt) ? response : undefined;
  }
  return undefined;
}

function isTheCreatedUser(
  body: unknown,
  created: { userPrincipalName: string; mailNickname: string },
  attemptStartedAt: number,
): boolean {
  if (body === null || typeof body !== 'object') return false;
  const user = body as Record<string, unknown>;
  const createdAt = typeof user['createdDateTime'] === 'string' ? Date.parse(user['createdDateTime']) : NaN;
  return (
    String(user['userPrincipalName']).toLowerCase() === created.userPrincipalName.toLowerCase() &&
    user['mailNickname'] === created.mailNickname &&
    Number.isFinite(createdAt) &&
    createdAt >= attemptStartedAt - CLOCK_SKEW_MS
  );
}
