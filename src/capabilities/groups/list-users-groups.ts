import { Type } from '@sinclair/typebox';
import { GraphError } from '../../graph/graph-error.js';
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
import { groupIdsFromTransitiveMemberOf } from './member-groups-fallback.js';

const ListUsersGroupsInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    securityEnabledOnly: Type.Boolean({
      description: '"Limit to Security Groups": true lists security groups only; false lists every group.',
    }),
  },
  { userId: '$admin@contoso.onmicrosoft.com', securityEnabledOnly: true },
);

const GroupIdsSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    value: Type.Array(Type.String(), { description: 'Object ids of the groups.' }),
  },
  { additionalProperties: true },
);

export const listUsersGroups = defineCapability({
  id: 'list-users-groups',
  name: "List User's Groups",
  operationId: 'listUsersGroups',
  tag: 'groups',
  summary: 'List the ids of the groups a user belongs to, nested memberships included',
  description:
    'Returns the ids of every group the user is a member of **transitively** (directly, or through groups nested in groups), ' +
    'from Graph `POST /users/{id}/getMemberGroups`. `rawResponse.value` is the array of group ids. ' +
    'Graph refuses that call for a user in more than 11,000 groups; the service then pages through `GET /users/{id}/transitiveMemberOf` ' +
    'and returns the complete list the same way (`membershipSource: "transitiveMemberOf"`), never a truncated one.',
  input: ListUsersGroupsInputSchema,
  output: capabilityOutput(GroupIdsSchema, {
    membershipSource: Type.Union([Type.Literal('getMemberGroups'), Type.Literal('transitiveMemberOf')], {
      description: 'Which Graph call produced the list.',
    }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('Collection(Edm.String)'),
      value: [
        'b2c7e1a0-0001-4b2c-9000-00000000b001',
        'b2c7e1a0-0002-4b2c-9000-00000000b002',
        'b2c7e1a0-0008-4b2c-9000-00000000b008',
      ],
    },
    200,
    { membershipSource: 'getMemberGroups' },
  ),
  async run(context, input) {
    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'POST',
        path: `${userPath(input.userId)}/getMemberGroups`,
        body: { securityEnabledOnly: input.securityEnabledOnly },
        // A read despite the POST: repeating it changes nothing.
        idempotent: true,
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), membershipSource: 'getMemberGroups' };
    } catch (error) {
      if (!(error instanceof GraphError && /ResultSizeLimitExceeded/i.test(error.code))) throw error;
      context.log.info({ userId: input.userId }, 'getMemberGroups over its cap; paging transitiveMemberOf');
      return groupIdsFromTransitiveMemberOf(context, input.userId, input.securityEnabledOnly);
    }
  },
});
