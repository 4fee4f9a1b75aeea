import { Type } from '@sinclair/typebox';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  GUID_PATTERN,
  UserIdSchema,
} from '../common/common-schemas.js';
import { toOutput } from '../common/to-output.js';

/** Graph's checkMemberGroups takes at most this many ids per call. */
const MAX_GROUP_IDS = 20;

const CheckUserMembershipInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    groupIds: Type.Array(Type.String({ pattern: GUID_PATTERN }), {
      minItems: 1,
      maxItems: MAX_GROUP_IDS,
      uniqueItems: true,
      description: `Object ids of the groups to check, 1 to ${MAX_GROUP_IDS}.`,
    }),
  },
  {
    userId: '$admin@contoso.onmicrosoft.com',
    groupIds: [
      'b2c7e1a0-0001-4b2c-9000-00000000b001',
      'b2c7e1a0-0002-4b2c-9000-00000000b002',
      'b2c7e1a0-0003-4b2c-9000-00000000b003',
    ],
  },
);

const GroupIdsSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    value: Type.Array(Type.String(), { description: 'The ids of the groups checked that the user is in.' }),
  },
  { additionalProperties: true },
);

export const checkUserMembership = defineCapability({
  id: 'check-user-membership',
  name: 'Check User Membership',
  operationId: 'checkUserMembership',
  tag: 'groups',
  summary: 'Which of up to 20 groups a user is in, nested memberships included',
  description:
    'Graph `POST /users/{id}/checkMemberGroups` with `groupIds`: `rawResponse.value` lists the groups the user is a member of, directly or through nested groups; ' +
    '`memberships` answers each id asked (true or false), keyed as sent. An id that names no group is simply not a membership. A missing user is 404 USER_NOT_FOUND.',
  input: CheckUserMembershipInputSchema,
  output: capabilityOutput(GroupIdsSchema, {
    memberships: Type.Record(Type.String(), Type.Boolean(), {
      description: 'Each groupId asked, as sent, with whether the user is in that group.',
    }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      value: ['b2c7e1a0-0001-4b2c-9000-00000000b001', 'b2c7e1a0-0002-4b2c-9000-00000000b002'],
      '@odata.context': exampleContext('Collection(Edm.String)'),
    },
    200,
    {
      memberships: {
        'b2c7e1a0-0001-4b2c-9000-00000000b001': true,
        'b2c7e1a0-0002-4b2c-9000-00000000b002': true,
        'b2c7e1a0-0003-4b2c-9000-00000000b003': false,
      },
    },
  ),
  async run(context, input) {
    const response = await context.graph.send<{ value?: unknown }>({
      connection: context.connection,
      method: 'POST',
      path: `${userPath(input.userId)}/checkMemberGroups`,
      body: { groupIds: input.groupIds },
      // A read despite the POST: repeating it changes nothing.
      idempotent: true,
      requestId: context.requestId,
      deadline: context.deadline,
    });
    const found = new Set(
      (Array.isArray(response.body?.value) ? response.body.value : [])
        .filter((id): id is string => typeof id === 'string')
        .map((id) => id.toLowerCase()),
    );
    const memberships = Object.fromEntries(input.groupIds.map((id) => [id, found.has(id.toLowerCase())]));
    return { ...toOutput(response), memberships };
  },
});
