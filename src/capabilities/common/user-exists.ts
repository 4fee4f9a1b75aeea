import { GraphError } from '../../graph/graph-error.js';
import { userPath } from '../../graph/user-path.js';
import type { CapabilityContext } from '../capability.js';

/**
 * Graph answers "no such user" and "no such relationship" (no manager, not an owner) with the same
 * 404, so on a 404 we ask whether the user exists to tell the caller which it was. Undefined when
 * that cannot be told (e.g. the read itself failed).
 */
export async function userExists(context: CapabilityContext, userId: string): Promise<boolean | undefined> {
  try {
    await context.graph.send({
      connection: context.connection,
      method: 'GET',
      path: userPath(userId),
      query: new URLSearchParams({ $select: 'id' }),
      requestId: context.requestId,
      deadline: context.deadline,
    });
    return true;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return false;
    return undefined;
  }
}
