import type { GraphNotFoundCode } from '../../errors/error-catalogue.js';
import type { ServiceError } from '../../errors/service-error.js';
import { GraphError } from '../../graph/graph-error.js';
import { graphNotFound, graphProblem } from '../../graph/graph-problem.js';
import { groupPath } from '../../graph/user-path.js';
import type { CapabilityContext } from '../capability.js';

/**
 * Graph answers "no such group", "no such member" and "not a member" with the same 404, so on a
 * 404 we ask whether the group exists to tell the caller which it was.
 * @see https://learn.microsoft.com/graph/api/group-delete-members
 */
export async function groupExists(context: CapabilityContext, groupId: string): Promise<boolean | undefined> {
  try {
    await context.graph.send({
      connection: context.connection,
      method: 'GET',
      path: groupPath(groupId),
      query: new URLSearchParams({ $select: 'id' }),
      requestId: context.requestId,
      deadline: context.deadline,
    });
    return true;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return false;
    // Cannot tell (e.g. no permission to read groups): the caller keeps the ambiguous answer.
    return undefined;
  }
}

/** Graph's "not a member" answers: the 404 above, or a 400 some tenants give right after a removal. */
export function isNotMemberAnswer(error: unknown): error is GraphError {
  return (
    error instanceof GraphError &&
    (error.status === 404 ||
      (error.status === 400 && /removed object references do not exist/i.test(error.graphMessage)))
  );
}

/** The group itself is missing. */
export function groupNotFound(error: GraphError): ServiceError {
  return graphNotFound(error, 'GROUP_NOT_FOUND');
}

/** The member is missing (or not a member), with what the caller can do about it. */
export function memberNotFound(error: GraphError, code: GraphNotFoundCode, hint: string): ServiceError {
  return graphProblem(error, code, hint);
}

/**
 * An addition's 404 (of a member or an owner): Graph's answer does not say whether the group or the
 * user is missing, so the group is looked up to tell which.
 */
export async function additionNotFound(
  context: CapabilityContext,
  groupId: string,
  error: GraphError,
): Promise<ServiceError> {
  const exists = await groupExists(context, groupId);
  if (exists === false) return groupNotFound(error);
  if (exists === undefined) return graphProblem(error, 'USER_OR_GROUP_NOT_FOUND');
  return memberNotFound(
    error,
    'USER_NOT_FOUND',
    'Check userId: no user with this object id exists in the tenant.',
  );
}
