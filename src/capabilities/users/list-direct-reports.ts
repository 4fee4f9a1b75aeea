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
import { beyondOnePage } from '../common/follow-pages.js';
import { listRelationship, MaxPagesSchema, RelationshipListSchema } from '../common/list-relationship.js';
import { selectQuery, selectSchema } from '../common/select-option.js';

const ListDirectReportsInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    select: selectSchema(
      'Properties of each report to return instead of the defaults (Graph `$select`), e.g. ["id","displayName","jobTitle"].',
    ),
    maxPages: MaxPagesSchema,
  },
  { userId: 'priya.quinn@contoso.onmicrosoft.com', select: ['id', 'displayName', 'jobTitle'], maxPages: 2 },
);

export const listDirectReports = defineCapability({
  id: 'list-direct-reports',
  name: 'List Direct Reports',
  operationId: 'listDirectReports',
  tag: 'users',
  summary: 'List the users (and contacts) who report to a user',
  description:
    "The user's direct reports (Graph `GET /users/{id}/directReports`), each with its `@odata.type`; pages are followed up to `maxPages`. " +
    'A user with no reports gives an empty `value`; a user that does not exist is 404 USER_NOT_FOUND.',
  input: ListDirectReportsInputSchema,
  output: capabilityOutput(RelationshipListSchema('The direct reports'), {
    pages: Type.Integer({ description: 'Pages fetched.' }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      value: [
        {
          '@odata.type': '#microsoft.graph.user',
          id: '8136a211-932b-4b56-9437-3ccbaddff0fd',
          displayName: 'Mohammed Allen',
          jobTitle: 'Director',
        },
        {
          '@odata.type': '#microsoft.graph.user',
          id: '51ba8393-1091-4f1c-aef8-fc7b08b29732',
          displayName: 'Henrietta Adams',
          jobTitle: 'Recruiter',
        },
        {
          '@odata.type': '#microsoft.graph.user',
          id: 'cf1fc56f-7b20-41c4-bfae-643fd9c51a3f',
          displayName: 'Fatima Young',
          jobTitle: 'Engineer',
        },
      ],
      '@odata.context': exampleContext('directoryObjects(id,displayName,jobTitle)'),
    },
    200,
    {
      pages: 1,
    },
  ),
  notInBatch: (input) => beyondOnePage(input.maxPages),
  async run(context, input) {
    // A 404 is USER_NOT_FOUND through notFoundCode.
    return listRelationship(
      context,
      `${userPath(input.userId)}/directReports`,
      selectQuery(input.select),
      input.maxPages ?? 1,
    );
  },
});
