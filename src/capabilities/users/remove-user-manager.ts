import { Type } from '@sinclair/typebox';
import { GraphError } from '../../graph/graph-error.js';
import { graphNotFound, graphProblem } from '../../graph/graph-problem.js';
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
import { refusalOutput } from '../common/refusal-output.js';
import { toOutput } from '../common/to-output.js';
import { userExists } from '../common/user-exists.js';
import { IdempotencyOptionSchema } from '../groups/membership-options.js';

const RemoveUserManagerInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    ifNotSet: IdempotencyOptionSchema(
      '`fail` (default): a user without a manager is a 404 MANAGER_NOT_SET. `succeed`: it is success with `changed: false`, so retries are safe.',
    ),
  },
  { userId: 'tariq.cohen@contoso.onmicrosoft.com', ifNotSet: 'succeed' },
);

export const removeUserManager = defineCapability({
  id: 'remove-user-manager',
  name: 'Remove User Manager',
  operationId: 'removeUserManager',
  tag: 'users',
  summary: "Remove a user's manager",
  description:
    'Removes the manager relationship (Graph `DELETE /users/{id}/manager/$ref`); neither user is otherwise changed. ' +
    'Graph answers "no manager" like "no such user", so on a 404 the user is looked up to report MANAGER_NOT_SET or USER_NOT_FOUND. ' +
    "When Graph's answer is lost after it may have removed the manager, the call is retried; a retry that finds no manager is reported as the removal it was (`changed: true`).",
  input: RemoveUserManagerInputSchema,
  output: capabilityOutput(OkSchema, {
    changed: Type.Boolean({
      description:
        'true when a manager was removed; false when there was none and ifNotSet: "succeed" made that a success (statusCode then holds Graph\'s 404).',
    }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
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
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'DELETE',
        path: `${userPath(input.userId)}/manager/$ref`,
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (error.status !== 404) throw graphProblem(error);
      const exists = await userExists(context, input.userId);
      if (exists === false) throw graphNotFound(error, 'USER_NOT_FOUND');
      if (exists === undefined) throw graphNotFound(error, 'RESOURCE_NOT_FOUND');
      if (error.earlierAttemptMayHaveApplied) return goneAfterLostAnswer(error);
      if (input.ifNotSet === 'succeed') {
        return refusalOutput(error, false);
      }
      throw graphNotFound(error, 'MANAGER_NOT_SET');
    }
  },
});
