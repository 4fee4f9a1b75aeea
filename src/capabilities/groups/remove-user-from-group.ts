import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { groupPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleOutput,
  OkSchema,
  UserIdSchema,
} from '../common/common-schemas.js';
import { goneAfterLostAnswer } from '../common/gone-after-lost-answer.js';
import { refusalOutput } from '../common/refusal-output.js';
import { resolveUserObjectId } from '../common/resolve-user-object-id.js';
import { toOutput } from '../common/to-output.js';
import { CHANGED_FIELD, GroupIdSchema, IdempotencyOptionSchema } from './membership-options.js';
import { groupExists, groupNotFound, isNotMemberAnswer, memberNotFound } from './membership-problems.js';

const RemoveUserFromGroupInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    groupId: GroupIdSchema,
    ifNotMember: IdempotencyOptionSchema(
      '`fail` (default): removing a non-member is a 404 NOT_A_MEMBER. `succeed`: it is success with `changed: false`, so retries are safe.',
    ),
  },
  {
    // A membership the tenant starts with (Sean O'Brien in the Sales Team), so the example removes one.
    userId: "o'brien@contoso.onmicrosoft.com",
    groupId: 'b2c7e1a0-0003-4b2c-9000-00000000b003',
    ifNotMember: 'succeed',
  },
);

export const removeUserFromGroup = defineCapability({
  id: 'remove-user-from-group',
  name: 'Remove User From Group',
  operationId: 'removeUserFromGroup',
  tag: 'groups',
  summary: "Remove a user from a group's direct members",
  description:
    'Removes the membership (Graph `DELETE /groups/{groupId}/members/{userObjectId}/$ref`); the user object itself is never touched ' +
    '(the same URL without `/$ref` would delete the user). A userPrincipalName is first resolved to the object id. ' +
    'Graph answers "not a member" like "no such group", so on a 404 the group is looked up to report GROUP_NOT_FOUND or NOT_A_MEMBER. ' +
    "When Graph's answer is lost after it may have removed the member, the call is retried; a retry that finds no membership is reported as the removal it was (`changed: true`).",
  input: RemoveUserFromGroupInputSchema,
  output: capabilityOutput(OkSchema, CHANGED_FIELD),
  notFoundCode: 'NOT_A_MEMBER',
  errorStatuses: [404],
  mutates: () => true,
  outputExample: exampleOutput({ ok: true }, 204, { changed: true }),
  async run(context, input) {
    const userObjectId = await resolveUserObjectId(context, input.userId);
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'DELETE',
        // `/$ref` is what makes this remove a membership rather than delete the user
        // (https://learn.microsoft.com/graph/api/group-delete-members).
        path: `${groupPath(input.groupId)}/members/${userObjectId}/$ref`,
        requestId: context.requestId,
        deadline: context.deadline,
      });
      // Graph answers 204; whatever body a Graph-compatible endpoint adds, the result is the same.
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (!isNotMemberAnswer(error)) throw error instanceof GraphError ? graphProblem(error) : error;
      const exists = await groupExists(context, input.groupId);
      if (exists === false) throw groupNotFound(error);
      // A retry that finds no membership after an attempt that may have removed it: removed.
      if (error.earlierAttemptMayHaveApplied) return goneAfterLostAnswer(error);
      if (input.ifNotMember === 'succeed' && exists === true) {
        return refusalOutput(error, false);
      }
      throw memberNotFound(
        error,
        'NOT_A_MEMBER',
        'The user is not a direct member of the group (nested memberships are removed from the nested group). Send ifNotMember: "succeed" to treat this as success.',
      );
    }
  },
});
