import { Type } from '@sinclair/typebox';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserIdSchema,
} from '../common/common-schemas.js';
import { toOutput } from '../common/to-output.js';

const RevokeUserSessionsInputSchema = capabilityInput(
  { userId: UserIdSchema },
  { userId: 'elena.vance@contoso.onmicrosoft.com' },
);

const RevokeSessionsAnswerSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    value: Type.Boolean({ description: 'true: the sessions were revoked.' }),
  },
  { additionalProperties: true },
);

export const revokeUserSessions = defineCapability({
  id: 'revoke-user-sessions',
  name: 'Revoke User Sessions',
  operationId: 'revokeUserSessions',
  tag: 'users',
  summary: "Invalidate a user's refresh tokens and session cookies",
  description:
    "The leaver's first step (Graph `POST /users/{id}/revokeSignInSessions`): every refresh token and browser session cookie issued to the user stops working, " +
    'by moving `signInSessionsValidFromDateTime` to now. Access tokens already issued stay valid until they expire (about an hour); disable the account too to stop new sign-ins. ' +
    'Repeating it only moves the time again, so the call is retried like a read.',
  input: RevokeUserSessionsInputSchema,
  output: capabilityOutput(RevokeSessionsAnswerSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => true,
  outputExample: exampleOutput(
    {
      value: true,
      '@odata.context': exampleContext('Edm.Boolean'),
    },
    200,
  ),
  async run({ graph, connection, requestId, deadline }, input) {
    const response = await graph.send({
      connection,
      method: 'POST',
      path: `${userPath(input.userId)}/revokeSignInSessions`,
      // No body: the action takes no parameters (https://learn.microsoft.com/graph/api/user-revokesigninsessions).
      // Revoking twice leaves the same state: every session issued before the last call is invalid.
      idempotent: true,
      requestId,
      deadline,
    });
    return toOutput(response);
  },
});
