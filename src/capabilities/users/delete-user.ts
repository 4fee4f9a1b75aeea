import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import { capabilityInput, capabilityOutput, OkSchema, UserIdSchema } from '../shared/common-schemas.js';
import { toOutput } from '../shared/to-output.js';

export const deleteUser = defineCapability({
  id: 'delete-user',
  name: 'Delete User',
  operationId: 'deleteUser',
  tag: 'users',
  summary: 'Delete a user account',
  description:
    'Deletes the user (Graph `DELETE /users/{id}`). Entra keeps it in deleted items for 30 days, where it can be restored.',
  input: capabilityInput({ userId: UserIdSchema }, { userId: 'adele.vance@contoso.onmicrosoft.com' }),
  output: capabilityOutput(OkSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  async run({ graph, connection, requestId, deadline }, input) {
    const response = await graph.send({
      connection,
      method: 'DELETE',
      path: userPath(input.userId),
      requestId,
      deadline,
    });
    return toOutput(response);
  },
});
