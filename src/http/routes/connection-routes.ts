import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { checkPermissions } from '../../capabilities/permission-check.js';
import { CLOUD_NAMES, CLOUD_PRESETS } from '../../config/cloud-presets.js';
import { type CloudEndpoints, TENANT_PATTERN } from '../../config/connection.js';
import { connectionKind } from '../../config/connection-kind.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import type { TokenProvider } from '../../identity/token-provider.js';
import { Deadline } from '../../net/deadline.js';
import {
  configuredConnection,
  configuredConnections,
  type NamedConnection,
} from '../configured-connections.js';
import { problemResponses } from '../problem/problem-responses.js';
import { GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { type ConnectionPolicy, resolveConnection } from '../resolve-connection.js';
import { CheckAnswerSchema, ConnectionSchema } from './connection-schemas.js';
import { withProblemResponses } from './documented-responses.js';

export interface ConnectionRouteOptions {
  connections: ConnectionPolicy;
  tokens: TokenProvider;
  graph: GraphCaller;
  /** The capability ids, in the registry's order (the check answers for each). */
  capabilityIds: readonly string[];
  requestTimeoutMs: number;
}

const tags = ['connections'];

/**
 * GET /connections and POST /connections/{name}/check. Behind the API keys like every route; a key
 * may use every configured connection (as a capability call may name any), so it may see them all.
 * Only the response schemas' fields are written (Fastify serializes by schema), so no secret can
 * slip into an answer even if a connection object carried one more field.
 */
export function registerConnectionRoutes(fastify: FastifyInstance, options: ConnectionRouteOptions): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cloud = describeCloud(options.graph.cloud);

  app.get(
    '/connections',
    {
      schema: {
        operationId: 'listConnections',
        tags,
        summary: 'The configured connections (app registrations), never their secrets',
        description:
          'The default connection (from AZURE_*, named `default`) and the named ones from CONNECTIONS_FILE: name, tenant and client ids, cloud and credential kind. Secrets, certificates and tokens are never part of the answer.',
        response: { 200: Type.Object({ connections: Type.Array(ConnectionSchema) }) },
      },
      config: { swaggerTransform: withProblemResponses(problemResponses(GUARDED_PROBLEM_STATUSES)) },
    },
    async () => ({
      connections: configuredConnections(options.connections).map((entry) => present(entry, cloud)),
    }),
  );

  app.post(
    '/connections/:name/check',
    {
      schema: {
        operationId: 'checkConnection',
        tags,
        summary: 'Whether a connection holds the permissions and directory roles each capability needs',
        description:
          "Acquires a token for the connection, reads the application permissions in its `roles` claim and answers, per capability and workflow, whether the Microsoft Graph permissions it needs are granted (the least privileged one Microsoft documents, or a higher one that includes it), naming what is missing. `POST /batch` needs what each item's capability needs; the custom call needs what Graph documents for the endpoint called (`depends`). For privileged operations (password resets, administrators' accounts) it reads the service principal's directory role assignments and says `confirmed`, `missing`, or `unknown` when the app may not read them (grant RoleManagement.Read.Directory). A connection whose secret the authority refuses answers the token error.",
        params: Type.Object({
          name: Type.String({
            minLength: 1,
            maxLength: 64,
            description: 'A name from GET /connections.',
            examples: ['default'],
          }),
        }),
        querystring: Type.Object(
          {
            tenantId: Type.Optional(
              Type.String({
                pattern: TENANT_PATTERN,
                description:
                  "Check the connection's app in another tenant it may act in (one of its allowedTenants), as a capability call naming that tenantId would.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CheckAnswerSchema },
      },
      config: {
        swaggerTransform: withProblemResponses(
          problemResponses([...GUARDED_PROBLEM_STATUSES, 404, 502, 504], {
            topic: 'access',
            codes: {
              400: 'CONNECTION_OVERRIDE_FORBIDDEN',
              401: 'INVALID_CLIENT_SECRET',
              404: 'CONNECTION_NOT_FOUND',
            },
          }),
        ),
      },
    },
    async (request) => {
      const entry = configuredConnection(options.connections, request.params.name);
      const { tenantId } = request.query;
      // Another tenant only within the connection's allowedTenants, by the rule capability calls follow.
      const connection =
        tenantId === undefined
          ? entry.connection
          : resolveConnection(
              entry.isDefault ? { tenantId } : { connection: entry.name, tenantId },
              options.connections,
            );
      const report = await checkPermissions(connection, options.capabilityIds, {
        tokens: options.tokens,
        graph: options.graph,
        requestId: request.id,
        deadline: new Deadline(options.requestTimeoutMs),
      });
      return {
        connection: { ...present(entry, cloud), tenantId: connection.tenantId },
        ...report,
      } satisfies Static<typeof CheckAnswerSchema>;
    },
  );
}

function present(entry: NamedConnection, cloud: Static<typeof ConnectionSchema>['cloud']) {
  const { tenantId, clientId, allowedTenants } = entry.connection;
  return {
    name: entry.name,
    default: entry.isDefault,
    tenantId,
    clientId,
    cloud,
    kind: connectionKind(entry.connection),
    ...(allowedTenants?.length ? { allowedTenants: [...allowedTenants] } : {}),
  };
}

/** The AZURE_CLOUD preset the endpoints are, or `custom` (GRAPH_BASE_URL / AUTHORITY_HOST, the emulator). */
function describeCloud(endpoints: CloudEndpoints): Static<typeof ConnectionSchema>['cloud'] {
  const name = CLOUD_NAMES.find(
    (candidate) =>
      CLOUD_PRESETS[candidate].authorityHost === endpoints.authorityHost &&
      CLOUD_PRESETS[candidate].graphBaseUrl === endpoints.graphBaseUrl,
  );
  return {
    name: name ?? 'custom',
    authorityHost: endpoints.authorityHost,
    graphBaseUrl: endpoints.graphBaseUrl,
  };
}
