import { Type } from '@sinclair/typebox';
import { badRequest } from '../../errors/problem.js';
import { pageMember } from '../../graph/collection-page-text.js';
import { defineCapability, StreamedOutput } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { beyondOnePage, fetchPageAsText } from '../common/follow-pages.js';
import { fetchPageText, PageWalk } from '../common/streamed-pages.js';
import { encodeUserQuery, parseUserQuery, type QueryOption } from '../common/user-query.js';
import { advancedQueryReasons } from './advanced-query-rule.js';

const USERS_OPTIONS = [
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$count',
  '$search',
  '$expand',
  '$skiptoken',
];

/** Members of the first page that describe the whole answer's end instead: taken from the last page. */
const FIRST_PAGE_ONLY = new Set(['@odata.nextLink']);

const QueryUsersInputSchema = capabilityInput(
  {
    userQuery: Type.Optional(
      Type.String({
        maxLength: 8192,
        description:
          'OData query options, percent-encoded or plain, e.g. "$filter=startswith(givenName, \'J\')&$select=id,givenName,surname". Only $filter, $select, $orderby, $top, $count, $search, $expand and $skiptoken.',
      }),
    ),
    maxPages: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        default: 1,
        description:
          'Follow @odata.nextLink up to this many pages; the last nextLink is returned when more remain.',
      }),
    ),
    consistencyLevel: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('eventual'), Type.Literal('none')], {
        default: 'auto',
        description:
          '`auto`: add `ConsistencyLevel: eventual` and `$count=true` exactly when the query needs advanced query support (ne, not, endsWith, $search, $count, $filter with $orderby, null checks...). `eventual`: always. `none`: never.',
      }),
    ),
  },
  { userQuery: "$filter=startswith(givenName, 'A')&$select=id,givenName,surname,mail", maxPages: 2 },
);

const QueryUsersRawSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    '@odata.count': Type.Optional(Type.Integer()),
    '@odata.nextLink': Type.Optional(Type.String({ description: 'Present only when more pages remain.' })),
    value: Type.Array(UserRepresentationSchema),
  },
  { additionalProperties: true },
);

export const queryUsers = defineCapability({
  id: 'query-users',
  name: 'Query Users',
  operationId: 'queryUsers',
  tag: 'users',
  summary: 'Get user attributes based on a custom query',
  description:
    'Graph `GET /users` with your OData query. Pages are followed up to `maxPages` (the ConsistencyLevel header resent on each); `rawResponse.value` holds every item fetched and `@odata.nextLink` says more remain. Advanced queries work without knowing about ConsistencyLevel.',
  input: QueryUsersInputSchema,
  output: capabilityOutput(QueryUsersRawSchema, {
    pages: Type.Integer({ description: 'Pages fetched.' }),
    advancedQuery: Type.Boolean({ description: 'Whether ConsistencyLevel: eventual was sent.' }),
  }),
  errorStatuses: [],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('users(id,givenName,surname,mail)'),
      value: [
        {
          id: '873aeced-524d-4290-a3fd-49ac0c9761a9',
          givenName: 'Alex',
          surname: 'Adams',
          mail: 'alex.adams@contoso.com',
        },
        {
          id: 'b405edb6-fe54-42ae-a451-6fc0a4550974',
          givenName: 'Allan',
          surname: 'Young',
          mail: 'allan.young@contoso.com',
        },
      ],
    },
    200,
    { pages: 1, advancedQuery: false },
  ),
  notInBatch: (input) => beyondOnePage(input.maxPages),
  async run(context, input) {
    const options = parseUserQuery(input.userQuery, USERS_OPTIONS);
    validateTop(options);
    const mode = input.consistencyLevel ?? 'auto';
    const advanced = mode === 'eventual' || (mode === 'auto' && advancedQueryReasons(options).length > 0);
    const sent: QueryOption[] =
      advanced && !options.some((option) => option.name === '$count')
        ? [...options, { name: '$count', value: 'true' }]
        : options;
    const first = { path: '/users', query: encodeUserQuery(sent) };
    const headers = advanced ? { ConsistencyLevel: 'eventual' } : undefined;
    const maxPages = input.maxPages ?? 1;
    if (maxPages === 1) {
      // One page is Graph's answer as it stands: handed on unparsed (see JsonText).
      const response = await fetchPageAsText(context, first, headers);
      return {
        rawResponse: response.body,
        statusCode: response.status,
        headers: response.headers,
        pages: 1,
        advancedQuery: advanced,
      };
    }
    // Several pages are written as they arrive, items as Graph's bytes (see PageWalk).
    const walk = new PageWalk(context, await fetchPageText(context, first, headers), {
      maxPages,
      ...(headers ? { headers } : {}),
    });
    return new StreamedOutput(
      async function* rawResponse() {
        yield* walk.openObject(FIRST_PAGE_ONLY);
        const next = pageMember(walk.last.page, '@odata.nextLink');
        yield typeof next === 'string' ? `,"@odata.nextLink":${JSON.stringify(next)}}` : '}';
      },
      () => ({
        statusCode: walk.last.response.status,
        headers: walk.last.response.headers,
        pages: walk.pages,
        advancedQuery: advanced,
      }),
    );
  },
});

function validateTop(options: readonly QueryOption[]): void {
  const top = options.find((option) => option.name === '$top')?.value;
  if (top !== undefined && !(/^\d+$/.test(top) && Number(top) >= 1 && Number(top) <= 999)) {
    throw badRequest('INVALID_QUERY_OPTION', '$top must be a whole number from 1 to 999.', [
      { path: '/userQuery', message: '$top must be 1 to 999' },
    ]);
  }
}
