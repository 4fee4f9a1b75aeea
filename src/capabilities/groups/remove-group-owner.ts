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
import { GroupIdSchema, IdempotencyOptionSchema } from './membership-options.js';
import { groupExists, groupNotFound, memberNotFound } from './membership-problems.js';
import { OWNER_CHANGED_FIELD } from './owner-options.js';

const RemoveGroupOwnerInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    groupId: GroupIdSchema,
    ifNotOwner: IdempotencyOptionSchema(
      '`fail` (default): removing a user who is not an owner is a 404 NOT_AN_OWNER. `succeed`: it is success with `changed: false`, so retries are safe.',
    ),
  },
  {
    userId: '$admin@contoso.onmicrosoft.com',
    groupId: 'b2c7e1a0-0003-4b2c-9000-00000000b003',
    ifNotOwner: 'succeed',
  },
);

export const removeGroupOwner = defineCapability({
  id: 'remove-group-owner',
  name: 'Remove Group Owner',
  operationId: 'removeGroupOwner',
  tag: 'groups',
  summary: "Remove a user from a group's owners",
  description:
    'Removes the ownership (Graph `DELETE /groups/{groupId}/owners/{userObjectId}/$ref`); the user and their membership are not touched. ' +
    'A userPrincipalName is first resolved to the object id. Graph keeps at least one owner on a group that has owners: removing the last one is 409 LAST_GROUP_OWNER (add the new owner first). ' +
    'Graph answers "not an owner" like "no such group", so on a 404 the group is looked up to report GROUP_NOT_FOUND or NOT_AN_OWNER. ' +
    "When Graph's answer is lost after it may have removed the owner, the call is retried; a retry that finds no ownership is reported as the removal it was (`changed: true`).",
  input: RemoveGroupOwnerInputSchema,
  output: capabilityOutput(OkSchema, OWNER_CHANGED_FIELD),
  notFoundCode: 'NOT_AN_OWNER',
  errorStatuses: [404, 409],
  mutates: () => true,
  outputExample: exampleOutput(
    {
      ok: true,
    },
    204,
    {
      changed: true,
    },
  ),
  async run(context, input) {
    const userObjectId = await resolveUserObjectId(context, input.userId);
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'DELETE',
        // `/$ref` removes the ownership; without it the URL would name the user object.
        path: `${groupPath(input.groupId)}/owners/${userObjectId}/$ref`,
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (error.status !== 404) throw graphProblem(error);
      const exists = await groupExists(context, input.groupId);
      if (exists === false) throw groupNotFound(error);
      if (error.earlierAttemptMayHaveApplied) return goneAfterLostAnswer(error);
      if (input.ifNotOwner === 'succeed' && exists === true) {
        return refusalOutput(error, false);
      }
      throw memberNotFound(
        error,
        'NOT_AN_OWNER',
        'The user is not an owner of the group. Send ifNotOwner: "succeed" to treat this as success.',
      );
    }
  },
});
