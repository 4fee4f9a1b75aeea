import { Type } from '@sinclair/typebox';
import { badRequest } from '../../errors/problem.js';
import { GraphError } from '../../graph/graph-error.js';
import { graphNotFound, graphProblem } from '../../graph/graph-problem.js';
import type { GraphResponse } from '../../graph/graph-request.js';
import { userPath } from '../../graph/user-path.js';
import { type CapabilityContext, defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleOutput,
  OkSchema,
  UserIdSchema,
} from '../common/common-schemas.js';
import { resolveUserObjectId } from '../common/resolve-user-object-id.js';
import { toOutput } from '../common/to-output.js';
import { userExists } from '../common/user-exists.js';

const SetUserManagerInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    managerId: Type.String({
      minLength: UserIdSchema.minLength,
      maxLength: UserIdSchema.maxLength,
      pattern: UserIdSchema.pattern,
      description:
        'The manager\'s object id or userPrincipalName, e.g. "priya.quinn@contoso.onmicrosoft.com".',
    }),
  },
  { userId: 'nia.okafor@contoso.onmicrosoft.com', managerId: 'priya.quinn@contoso.onmicrosoft.com' },
);

export const setUserManager = defineCapability({
  id: 'set-user-manager',
  name: 'Set User Manager',
  operationId: 'setUserManager',
  tag: 'users',
  summary: "Set or replace a user's manager",
  description:
    "Assigns the manager (Graph `PUT /users/{id}/manager/$ref` with the manager's `@odata.id`), replacing any previous one. " +
    'userPrincipalNames are resolved to object ids first. A user cannot be their own manager (400 MANAGER_IS_SELF, before any change); a manager who reports to the user is 400 MANAGER_CYCLE; ' +
    'a missing manager is 404 MANAGER_NOT_FOUND, a missing user 404 USER_NOT_FOUND. ' +
    'The current manager is read first: setting it again changes nothing and succeeds with `changed: false`, so retries are safe.',
  input: SetUserManagerInputSchema,
  output: capabilityOutput(OkSchema, {
    changed: Type.Boolean({
      description:
        "true when the manager changed; false when it already was this manager (nothing was written; statusCode is the read's).",
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
    // The same key twice needs no lookup to refuse; a UPN and an object id of one user need both resolved.
    if (input.userId.toLowerCase() === input.managerId.toLowerCase()) throw selfManager();
    const userObjectId = await resolveUserObjectId(context, input.userId);
    const managerObjectId = await resolveUserObjectId(context, input.managerId, 'MANAGER_NOT_FOUND');
    if (userObjectId === managerObjectId) throw selfManager();
    const current = await currentManager(context, userObjectId);
    if (current?.id === managerObjectId) {
      return { ...toOutput(current.response), rawResponse: { ok: true }, changed: false };
    }
    const root = context.graph.cloud.graphBaseUrl.replace(/\/+$/, '');
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'PUT',
        path: `${userPath(userObjectId)}/manager/$ref`,
        body: { '@odata.id': `${root}/${context.graphApiVersion}/users/${managerObjectId}` },
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), rawResponse: { ok: true }, changed: true };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      if (error.status !== 404) throw graphProblem(error);
      // Graph's 404 does not say which of the two ids it did not find.
      const exists = await userExists(context, userObjectId);
      throw graphNotFound(error, exists === true ? 'MANAGER_NOT_FOUND' : 'USER_NOT_FOUND');
    }
  },
});

function selfManager() {
  return badRequest('MANAGER_IS_SELF', 'userId and managerId name the same user.', [
    { path: '/managerId', message: 'must be another user than userId' },
  ]);
}

/** The user's current manager, or undefined when there is none (or the user is missing: the PUT tells). */
async function currentManager(
  context: CapabilityContext,
  userObjectId: string,
): Promise<{ id: string; response: GraphResponse } | undefined> {
  try {
    const response = await context.graph.send<{ id?: unknown }>({
      connection: context.connection,
      method: 'GET',
      path: `${userPath(userObjectId)}/manager`,
      query: new URLSearchParams({ $select: 'id' }),
      requestId: context.requestId,
      deadline: context.deadline,
    });
    const id = response.body?.id;
    return typeof id === 'string' ? { id: id.toLowerCase(), response } : undefined;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return undefined;
    throw error;
  }
}
