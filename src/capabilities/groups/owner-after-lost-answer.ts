import { groupPath } from '../../graph/user-path.js';
import type { CapabilityContext, CapabilityOutput } from '../capability.js';
import { recoveryWindow } from '../common/lost-answer.js';

/**
 * An owner addition whose answer was lost (dropped, timed out, 503/504) is not sent again: a second
 * POST would answer "already exists" and hide what happened. The owners are read instead (a group
 * has at most 100, one page): if the user is one now, the addition is reported as done. Undefined
 * when that cannot be learned, and the original failure stands.
 */
export async function ownerAfterLostAnswer(
  context: CapabilityContext,
  groupId: string,
  userObjectId: string,
  failure: unknown,
): Promise<CapabilityOutput | undefined> {
  const deadline = await recoveryWindow(context.deadline, failure);
  if (deadline === undefined) return undefined;
  try {
    const response = await context.graph.send<{ value?: Array<{ id?: unknown }> }>({
      connection: context.connection,
      method: 'GET',
      path: `${groupPath(groupId)}/owners`,
      query: new URLSearchParams({ $select: 'id' }),
      requestId: context.requestId,
      deadline,
    });
    if (!(response.body?.value ?? []).some((owner) => owner.id === userObjectId)) return undefined;
    context.log.warn(
      { requestId: context.requestId },
      'the answer to an owner addition was lost; the owners list shows it was made',
    );
    return {
      rawResponse: { ok: true },
      statusCode: response.status,
      headers: response.headers,
      changed: true,
    };
  } catch {
    return undefined;
  }
}
