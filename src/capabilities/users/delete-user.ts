import { Type } from '@sinclair/typebox';
import { GraphError } from '../../graph/graph-error.js';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleOutput,
  OkSchema,
  UserIdSchema,
} from '../common/common-schemas.js';
import { goneAfterLostAnswer } from '../common/gone-after-lost-answer.js';
import { toOutput } from '../common/to-output.js';

export const deleteUser = defineCapability({
  id: 'delete-user',
  name: 'Delete User',
  operationId: 'deleteUser',
  tag: 'users',
  summary: 'Delete a user account',
  description:
    'Deletes the user (Graph `DELETE /users/{id}`). Entra keeps it in deleted items for 30 days, where it can be restored. ' +
    "When Graph's answer is lost after it may have deleted the user, the call is retried; a retry that finds the user gone is reported as the deletion it was (`changed: true`, `statusCode` 404).",
  input: capabilityInput({ userId: UserIdSchema }, { userId: 'henrietta.adams@contoso.onmicrosoft.com' }),
  output: capabilityOutput(OkSchema, {
    changed: Type.Boolean({ description: 'Always true: the user was deleted by this call.' }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => true,
  outputExample: exampleOutput({ ok: true }, 204, { changed: true }),
  async run({ graph, connection, requestId, deadline }, input) {
    try {
      const response = await graph.send({
        connection,
        method: 'DELETE',
        path: userPath(input.userId),
        requestId,
        deadline,
      });
      return { ...toOutput(response), changed: true };
    } catch (error) {
      if (error instanceof GraphError && error.status === 404 && error.earlierAttemptMayHaveApplied) {
        return goneAfterLostAnswer(error);
      }
      throw error;
    }
  },
});
