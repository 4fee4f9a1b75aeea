import type { GraphNotFoundCode } from '../../errors/error-catalogue.js';
import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { userPath } from '../../graph/user-path.js';
import type { CapabilityContext } from '../capability.js';
import { isGuid } from './id-list-input.js';

/**
 * Group membership calls need the user's object id (an `@odata.id` URL or a `members/{id}`
 * segment cannot hold a UPN), so a UPN is looked up first with `GET /users/{upn}?$select=id`.
 * An unknown user is reported as USER_NOT_FOUND (or `notFoundCode`, e.g. for a manager), not as a
 * problem with the group.
 */
export async function resolveUserObjectId(
  context: CapabilityContext,
  userId: string,
  notFoundCode: GraphNotFoundCode = 'USER_NOT_FOUND',
): Promise<string> {
  if (isGuid(userId)) return userId.toLowerCase();
  try {
    const response = await context.graph.send<{ id?: unknown }>({
      connection: context.connection,
      method: 'GET',
      path: userPath(userId),
      query: new URLSearchParams({ $select: 'id' }),
      requestId: context.requestId,
      deadline: context.deadline,
    });
    const id = response.body?.id;
    if (typeof id !== 'string' || !isGuid(id)) {
      throw new GraphError(502, 'UnexpectedResponse', 'Graph returned a user without an object id.');
    }
    return id.toLowerCase();
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) throw graphProblem(error, notFoundCode);
    throw error;
  }
}
