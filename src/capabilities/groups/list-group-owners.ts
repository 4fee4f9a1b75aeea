import { Type } from '@sinclair/typebox';
import { groupPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
} from '../common/common-schemas.js';
import { beyondOnePage } from '../common/follow-pages.js';
import { listRelationship, MaxPagesSchema, RelationshipListSchema } from '../common/list-relationship.js';
import { selectQuery, selectSchema } from '../common/select-option.js';
import { GroupIdSchema } from './membership-options.js';

const ListGroupOwnersInputSchema = capabilityInput(
  {
    groupId: GroupIdSchema,
    select: selectSchema(
      'Properties of each owner to return instead of the defaults (Graph `$select`), e.g. ["id","displayName","userPrincipalName"].',
    ),
    maxPages: MaxPagesSchema,
  },
  { groupId: 'b2c7e1a0-0003-4b2c-9000-00000000b003', select: ['id', 'displayName', 'userPrincipalName'] },
);

export const listGroupOwners = defineCapability({
  id: 'list-group-owners',
  name: 'List Group Owners',
  operationId: 'listGroupOwners',
  tag: 'groups',
  summary: 'List the owners of a group',
  description:
    "The group's owners (Graph `GET /groups/{id}/owners`): users and service principals, each with its `@odata.type`; pages are followed up to `maxPages`. " +
    'Owners are not members: ownership does not show in list-users-groups. A missing group is 404 GROUP_NOT_FOUND.',
  input: ListGroupOwnersInputSchema,
  output: capabilityOutput(RelationshipListSchema('The owners'), {
    pages: Type.Integer({ description: 'Pages fetched.' }),
  }),
  notFoundCode: 'GROUP_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      value: [
        {
          '@odata.type': '#microsoft.graph.user',
          id: 'a1d5e3f0-0002-4a1e-9000-00000000a002',
          displayName: "Sean O'Brien",
          userPrincipalName: "o'brien@contoso.onmicrosoft.com",
        },
        {
          '@odata.type': '#microsoft.graph.user',
          id: 'a1d5e3f0-0003-4a1e-9000-00000000a003',
          displayName: 'Break-glass Admin',
          userPrincipalName: '$admin@contoso.onmicrosoft.com',
        },
      ],
      '@odata.context': exampleContext('directoryObjects(id,displayName,userPrincipalName)'),
    },
    200,
    {
      pages: 1,
    },
  ),
  notInBatch: (input) => beyondOnePage(input.maxPages),
  run(context, input) {
    return listRelationship(
      context,
      `${groupPath(input.groupId)}/owners`,
      selectQuery(input.select),
      input.maxPages ?? 1,
    );
  },
});
