import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { GUID_PATTERN, SyncKeySchema } from '../../capabilities/common/common-schemas.js';
import { isCursorLink, linkKindOf } from '../../capabilities/delta/delta-links.js';
import { normalizedDeltaQuery } from '../../capabilities/delta/query-user-changes.js';
import { badRequest, problem } from '../../errors/problem.js';
import {
  absoluteGraphLink,
  formatRelativeLink,
  parseRelativeLink,
  relativeGraphLink,
} from '../../graph/graph-link.js';
import type { CursorKey, CursorStore, SyncCursor } from '../../stores/cursor-store.js';
import { problemResponses } from '../problem/problem-responses.js';
import { GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { provenScope, type ScopedRequest } from '../proven-scope.js';
import type { ConnectionPolicy, ConnectionProof } from '../resolve-connection.js';
import { documentedAs, jsonResponse } from './documented-responses.js';

export interface SyncCursorRouteOptions {
  cursors: CursorStore;
  connections: ConnectionPolicy;
  proveConnection: ConnectionProof;
  graphBaseUrl: string;
  graphApiVersion: string;
}

const ScopeQuerySchema = Type.Object(
  {
    connection: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    tenantId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    clientId: Type.Optional(Type.String({ pattern: GUID_PATTERN })),
  },
  { additionalProperties: false },
);
const ParamsSchema = Type.Object({ syncKey: SyncKeySchema });
const CursorSchema = Type.Object(
  {
    syncKey: Type.String(),
    tenantId: Type.String(),
    clientId: Type.String(),
    link: Type.String({ description: 'Absolute deltaLink or nextLink the next call resumes from.' }),
    linkKind: Type.Union([Type.Literal('delta'), Type.Literal('next')]),
    userQuery: Type.String(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'SyncCursor', description: 'A persisted delta cursor of Query User Changes.' },
);
const CursorRef = Type.Unsafe<Static<typeof CursorSchema>>(Type.Ref('SyncCursor'));

const EXAMPLE_QUERY = '$select=displayName,givenName,surname,mail';
const CURSOR_EXAMPLE = {
  syncKey: 'hr-directory-sync',
  tenantId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  clientId: '0f8d5a3e-7b6c-4d2e-9f1a-2b3c4d5e6f70',
  link: `https://graph.microsoft.com/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU`,
  linkKind: 'delta',
  userQuery: EXAMPLE_QUERY,
  version: 3,
  createdAt: '2026-05-04T08:15:00.000Z',
  updatedAt: '2026-05-06T08:15:00.000Z',
} satisfies Static<typeof CursorSchema>;
/**
 * Documented here, read by hand in scopeOf: a header, so that a secret never travels in a URL
 * (and so into access logs).
 */
const ClientSecretHeader = Type.Object({
  'x-client-secret': Type.Optional(
    Type.String({
      description:
        "The app's client secret, needed only to reach the cursors of a tenant or app that no configured connection covers; the service acquires a token with it before reading anything.",
    }),
  ),
});
const PutBodySchema = Type.Object(
  {
    link: Type.String({
      minLength: 1,
      maxLength: 16_384,
      description: 'The deltaLink or nextLink (from a query-user-changes output) to resume from.',
    }),
    userQuery: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 8192,
        description:
          'The query the sync started with (as query-user-changes takes it); required to create a cursor, kept when omitted.',
      }),
    ),
    expectedVersion: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Only write if the cursor is at this version (0: must not exist).',
      }),
    ),
  },
  {
    additionalProperties: false,
    // Starts (or rewinds) the cursor that Query User Changes' own example uses, from now on.
    examples: [{ link: '/users/delta?$deltatoken=latest', userQuery: EXAMPLE_QUERY }],
  },
);

const tags = ['sync cursors'];
/** Every sync-cursor route sits behind the API keys and can find no connection to scope by (400). */
const CURSOR_PROBLEMS = [...GUARDED_PROBLEM_STATUSES, 403];
const problemCodes = {
  400: 'CONNECTION_REQUIRED',
  403: 'CONNECTION_OVERRIDE_FORBIDDEN',
  404: 'SYNC_CURSOR_NOT_FOUND',
  409: 'CURSOR_CONFLICT',
  503: 'STORE_UNAVAILABLE',
} as const;
const cursorProblems = (...extra: number[]) =>
  problemResponses([...CURSOR_PROBLEMS, ...extra], { topic: 'sync', codes: problemCodes });

/** Inspect, commit or rewind, and reset the persisted delta cursors of one (tenant, client id). */
export function registerSyncCursorRoutes(fastify: FastifyInstance, options: SyncCursorRouteOptions): void {
  // Params, query strings and bodies typed from the TypeBox schemas each route validates them with.
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { cursors } = options;
  const present = (cursor: SyncCursor) => ({
    ...cursor,
    link: absoluteGraphLink(parseRelativeLink(cursor.link), options.graphBaseUrl, options.graphApiVersion),
  });
  const scope = (request: ScopedRequest) => provenScope(request, options);
  const keyOf = async (request: ScopedRequest, syncKey: string): Promise<CursorKey> => ({
    ...(await scope(request)),
    syncKey,
  });
  const notFound = (syncKey: string) => problem('SYNC_CURSOR_NOT_FOUND', `No cursor named '${syncKey}'.`);
  fastify.addSchema(CursorSchema);

  app.get(
    '/sync-cursors',
    {
      schema: {
        operationId: 'listSyncCursors',
        tags,
        summary: 'List the sync cursors',
        description:
          'The cursors of one tenant and client id: the default connection, a named one, or the ones given (with their secret in X-Client-Secret).',
        querystring: ScopeQuerySchema,
        headers: ClientSecretHeader,
        response: { 200: Type.Object({ cursors: Type.Array(CursorRef) }) },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('The cursors.', Type.Object({ cursors: Type.Array(CursorRef) }), {
            cursors: [CURSOR_EXAMPLE],
          }),
          ...cursorProblems(),
        }),
      },
    },
    async (request) => ({
      cursors: (await cursors.list(await scope(request))).map(present),
    }),
  );
  app.get(
    '/sync-cursors/:syncKey',
    {
      schema: {
        operationId: 'getSyncCursor',
        tags,
        summary: 'Read one sync cursor',
        description: 'Where the next Query User Changes call with this syncKey resumes.',
        params: ParamsSchema,
        querystring: ScopeQuerySchema,
        headers: ClientSecretHeader,
        response: { 200: CursorRef },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('The cursor.', CursorRef, CURSOR_EXAMPLE),
          ...cursorProblems(404),
        }),
      },
    },
    async (request) => {
      const { syncKey } = request.params;
      const cursor = await cursors.get(await keyOf(request, syncKey));
      if (!cursor) throw notFound(syncKey);
      return present(cursor);
    },
  );
  app.put(
    '/sync-cursors/:syncKey',
    {
      schema: {
        operationId: 'putSyncCursor',
        tags,
        summary: 'Commit or rewind a sync cursor to a link',
        description:
          'Stores the link the next call resumes from: the deltaLink or nextLink of a Query User Changes output run with `commit: false` (commit after processing), or an older one (rewind). Creating a cursor needs its `userQuery`. `expectedVersion` makes it a compare-and-set (409 CURSOR_CONFLICT when another call moved it).',
        params: ParamsSchema,
        querystring: ScopeQuerySchema,
        headers: ClientSecretHeader,
        body: PutBodySchema,
        response: { 200: CursorRef },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('The cursor as stored.', CursorRef, CURSOR_EXAMPLE),
          ...cursorProblems(409, 413, 415),
        }),
      },
    },
    async (request) => {
      const { syncKey } = request.params;
      const { body } = request;
      const key = await keyOf(request, syncKey);
      const link = storedForm(body.link, options);
      const userQuery =
        body.userQuery === undefined
          ? (await cursors.get(key))?.userQuery
          : normalizedDeltaQuery(body.userQuery);
      // Without its query a cursor could not resync when Graph expires its token.
      if (userQuery === undefined) {
        throw badRequest(
          'VALIDATION_FAILED',
          'Creating a cursor needs the userQuery its sync started with.',
          [{ path: '/userQuery', message: 'is required when the cursor does not exist yet' }],
        );
      }
      const saved = await cursors.put(
        key,
        { link, linkKind: linkKindOf(link), userQuery },
        body.expectedVersion,
      );
      return present(saved);
    },
  );
  app.delete(
    '/sync-cursors/:syncKey',
    {
      schema: {
        operationId: 'deleteSyncCursor',
        tags,
        summary: 'Reset (delete) a sync cursor',
        description:
          'The next Query User Changes call with this syncKey starts a full round from its userQuery.',
        params: ParamsSchema,
        querystring: ScopeQuerySchema,
        headers: ClientSecretHeader,
        response: { 204: Type.Null() },
      },
      config: {
        swaggerTransform: documentedAs({ 204: { description: 'Deleted.' }, ...cursorProblems(404) }),
      },
    },
    async (request, reply) => {
      const { syncKey } = request.params;
      if (!(await cursors.delete(await keyOf(request, syncKey)))) throw notFound(syncKey);
      return noContent(reply);
    },
  );
}

/** Accepts the absolute link Graph gave (only under our Graph root) or its relative form. */
function storedForm(link: string, options: SyncCursorRouteOptions): string {
  const relative = link.startsWith('/')
    ? parseRelativeLink(link)
    : relativeGraphLink(link, options.graphBaseUrl, options.graphApiVersion);
  if (!relative || !isCursorLink(relative)) {
    throw badRequest(
      'INVALID_CURSOR_LINK',
      'The link must be a users delta link under the configured Graph origin.',
      [{ path: '/link', message: 'is not a /users/delta link of this Graph' }],
    );
  }
  return formatRelativeLink(relative);
}

/** 204 with no payload at all, as a plain reply: the route schema's null only documents the empty body. */
function noContent(reply: FastifyReply): FastifyReply {
  return reply.status(204).send();
}
