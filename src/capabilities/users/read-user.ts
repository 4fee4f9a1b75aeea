import { Type } from '@sinclair/typebox';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  EXAMPLE_USER,
  exampleContext,
  exampleOutput,
  PropertyNameSchema,
  UserIdSchema,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { toOutput } from '../common/to-output.js';

const example = { userId: 'priya.quinn@contoso.onmicrosoft.com' };

const ReadUserInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    select: Type.Optional(
      Type.Array(PropertyNameSchema, {
        minItems: 1,
        maxItems: 100,
        uniqueItems: true,
        description:
          'Properties to return instead of the 11 defaults (Graph `$select`), e.g. ["id","assignedLicenses","usageLocation"].',
      }),
    ),
  },
  example,
);

export const readUser = defineCapability({
  id: 'read-user',
  name: 'Read User',
  operationId: 'readUser',
  tag: 'users',
  summary: 'Get one user by object id or userPrincipalName',
  description:
    "Select a single user to get their attributes (Graph `GET /users/{id | userPrincipalName}`). Guest UPNs (`#EXT#`), UPNs with `'` and UPNs starting with `$` are addressed correctly.",
  input: ReadUserInputSchema,
  output: capabilityOutput(UserRepresentationSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput({ '@odata.context': exampleContext('users/$entity'), ...EXAMPLE_USER }, 200),
  async run({ graph, connection, requestId, deadline }, input) {
    const response = await graph.send({
      connection,
      method: 'GET',
      path: userPath(input.userId),
      ...(input.select ? { query: new URLSearchParams({ $select: input.select.join(',') }) } : {}),
      requestId,
      deadline,
      // The user goes back to the caller as Graph wrote it: no need to parse it here.
      responseType: 'json-text',
    });
    return toOutput(response);
  },
});
