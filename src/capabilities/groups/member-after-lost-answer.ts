import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import type { GraphRequest } from '../../graph/graph-request.js';
import type { CapabilityContext, CapabilityOutput } from '../capability.js';
import { recoveryWindow } from '../common/lost-answer.js';
import { refusalOutput } from '../common/refusal-output.js';

/**
 * A member addition whose answer was lost (dropped, timed out, 503/504) is sent once more, after
 * Graph's Retry-After. Reading the members, as owners are read, is no way to learn the outcome: a
 * group's members can run to many pages, and a filtered read needs Graph's eventually consistent
 * advanced queries, which may not show a write made a moment ago. The second answer settles it:
 * 204 means the first never applied and this one did; "already exist" means the membership is in
 * place, almost surely from the first (a membership from before the call is refused at once, and
 * that refusal's answer being lost too is the rarer case). Either way the addition is reported
 * made. Undefined when the second attempt fails too: the original failure stands.
 */
export async function memberAfterLostAnswer(
  context: CapabilityContext,
  addition: GraphRequest,
  failure: unknown,
): Promise<CapabilityOutput | undefined> {
  const deadline = await recoveryWindow(context.deadline, failure);
  if (deadline === undefined) return undefined;
  try {
    const response = await context.graph.send({ ...addition, deadline });
    return {
      rawResponse: { ok: true },
      statusCode: response.status,
      headers: response.headers,
      changed: true,
    };
  } catch (error) {
    if (!(error instanceof GraphError) || graphProblem(error).code !== 'ALREADY_A_MEMBER') return undefined;
    context.log.warn(
      { requestId: context.requestId },
      'the answer to a member addition was lost; sent again, Graph says the membership is in place',
    );
    return refusalOutput(error, true);
  }
}
