import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../errors/problem.js';
import type { AuditStore } from '../../stores/audit/audit-store.js';
import { problemResponses } from '../problem/problem-responses.js';
import { GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { provenScope } from '../proven-scope.js';
import type { ConnectionPolicy, ConnectionProof } from '../resolve-connection.js';
import { withProblemResponses } from './documented-responses.js';
import { ScopeQuerySchema } from './workflow-schemas.js';

export interface AuditRouteOptions {
  audit: AuditStore;
  connections: ConnectionPolicy;
  proveConnection: ConnectionProof;
}

/** A date, or a date and time with seconds optional and a zone (Z or an offset) required. */
const ISO_8601 = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$';

const AuditRecordSchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ description: 'When the outcome was known (ISO 8601, UTC).' }),
    who: Type.String({
      description: 'The caller: `key-` and a digest prefix of its API key (never the key), or `anonymous`.',
    }),
    action: Type.String({ description: 'The capability that made the change, e.g. `update-user`.' }),
    tenantId: Type.String(),
    clientId: Type.String(),
    objectId: Type.Optional(
      Type.String({ description: 'The user or group changed, as the caller named it.' }),
    ),
    fields: Type.Array(Type.String(), {
      description: 'Names of the input fields sent; never their values, so never a password or secret.',
    }),
    outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('skipped')]),
    code: Type.Optional(Type.String({ description: 'The problem code of a failure.' })),
    graphRequestIds: Type.Optional(
      Type.Array(Type.String(), { description: "Graph's request-id of each answer." }),
    ),
    runId: Type.Optional(Type.String({ description: 'The workflow run, for a workflow step.' })),
    stepId: Type.Optional(Type.String()),
  },
  {
    examples: [
      {
        id: '3f0c1b9e-5a7d-4c2e-8b6f-1d2e3a4b5c6d',
        at: '2026-05-06T08:15:00.000Z',
        who: 'key-5e884898da28',
        action: 'update-user',
        tenantId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
        clientId: '0f8d5a3e-7b6c-4d2e-9f1a-2b3c4d5e6f70',
        objectId: 'tariq.cohen@contoso.onmicrosoft.com',
        fields: ['userId', 'accountEnabled'],
        outcome: 'success',
        graphRequestIds: ['7b2f3a1c-9d8e-4f6a-b5c4-3e2d1f0a9b8c'],
        runId: 'b6f5e4d3-c2b1-4a09-8f7e-6d5c4b3a2910',
        stepId: 'update-user',
      },
    ],
  },
);

const AuditQuerySchema = Type.Object(
  {
    ...ScopeQuerySchema.properties,
    objectId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description:
          'Only records about this user or group (its userPrincipalName or object id, as the change named it; case ignored).',
      }),
    ),
    since: Type.Optional(
      Type.String({
        pattern: ISO_8601,
        description:
          'Only records at or after this time (ISO 8601, e.g. `2026-05-06T00:00:00Z` or `2026-05-06`).',
      }),
    ),
    // A string: query strings are not coerced (bounded-validation.ts), so an integer type would
    // refuse every `limit=` a URL can carry.
    limit: Type.Optional(
      Type.String({
        pattern: '^(1000|[1-9][0-9]{0,2})$',
        description: 'At most this many records, 1 to 1000 (default 100).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** GET /audit: the trail of changes made through this service in one tenant by one app. */
export function registerAuditRoutes(fastify: FastifyInstance, options: AuditRouteOptions): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/audit',
    {
      schema: {
        operationId: 'listAuditRecords',
        tags: ['audit'],
        summary: 'The audit trail: who changed what, newest first',
        description:
          "One record per mutating capability call and per workflow step: the caller (never its key), the capability, the object, the names of the fields sent (never a value), the outcome, its problem code and Graph's request ids. Scoped like the workflow runs: the default or named connection, or a tenant and app proven with their secret in X-Client-Secret. Records are kept for AUDIT_RETENTION_MS.",
        querystring: AuditQuerySchema,
        response: { 200: Type.Object({ records: Type.Array(AuditRecordSchema) }) },
      },
      config: {
        swaggerTransform: withProblemResponses(
          problemResponses([...GUARDED_PROBLEM_STATUSES, 502, 504], {
            topic: 'access',
            // 502 and 504: proving a secret sent in X-Client-Secret asks the token authority.
            codes: { 400: 'VALIDATION_FAILED', 503: 'STORE_UNAVAILABLE' },
          }),
        ),
      },
    },
    async (request) => {
      const { objectId, since, limit, ...query } = request.query;
      const sinceMs = since === undefined ? undefined : parseSince(since);
      const scope = await provenScope({ query, headers: request.headers }, options);
      const records = await options.audit.query(scope, {
        ...(objectId === undefined ? {} : { objectId }),
        ...(sinceMs === undefined ? {} : { since: sinceMs }),
        limit: limit === undefined ? 100 : Number(limit),
      });
      return { records } satisfies { records: Array<Static<typeof AuditRecordSchema>> };
    },
  );
}

/** The pattern checked the shape; this catches a day or hour that does not exist. */
function parseSince(since: string): number {
  const ms = Date.parse(since);
  const [, month, day] = /^\d{4}-(\d{2})-(\d{2})/.exec(since) ?? [];
  if (Number.isNaN(ms) || Number(month) > 12 || Number(day) > 31 || Number(month) < 1 || Number(day) < 1) {
    throw badRequest('VALIDATION_FAILED', `since '${since}' is not a valid ISO 8601 time.`, [
      { path: '/since', message: 'must be an ISO 8601 date or date-time, e.g. 2026-05-06T00:00:00Z' },
    ]);
  }
  return ms;
}
