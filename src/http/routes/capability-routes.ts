import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type {
  Capability,
  CapabilityInput,
  CapabilityInputSchema,
  DeliveryTask,
} from '../../capabilities/capability.js';
import { CREDENTIAL_FIELDS } from '../../capabilities/shared/common-schemas.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import { JsonText } from '../../graph/json-text.js';
import { Deadline } from '../../net/deadline.js';
import type { CursorStore } from '../../stores/cursor-store.js';
import { COMMON_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import {
  type ConnectionPolicy,
  type ConnectionProof,
  resolveConnection,
  suppliedByRequest,
} from '../resolve-connection.js';
import { afterDelivery } from './after-delivery.js';
import { jsonTextEnvelope } from './json-text-envelope.js';

export interface CapabilityRouteOptions {
  capabilities: Capability[];
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  connections: ConnectionPolicy;
  requestTimeoutMs: number;
  proveConnection: ConnectionProof;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const CREDENTIAL_KEYS = new Set(Object.keys(CREDENTIAL_FIELDS));

/** One POST route per capability, plus GET /capabilities listing them with their schemas. */
export function registerCapabilityRoutes(app: FastifyInstance, options: CapabilityRouteOptions): void {
  for (const capability of options.capabilities) {
    const problems = Object.fromEntries(
      [...new Set([...COMMON_PROBLEM_STATUSES, ...capability.errorStatuses])]
        .sort((a, b) => a - b)
        .map((status) => [
          status,
          {
            description: 'Problem details',
            content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
          },
        ]),
    );
    // The type provider types each body from `capability.input` as the registry holds it: an object
    // with the credential fields, which are all this route reads itself (see defineCapability).
    app.withTypeProvider<TypeBoxTypeProvider>().post(
      `/capabilities/${capability.id}`,
      {
        schema: {
          operationId: capability.operationId,
          tags: [capability.tag],
          summary: `${capability.name}: ${capability.summary}`,
          description: capability.description,
          body: capability.input,
          response: { 200: capability.output },
        },
        config: {
          notFoundCode: capability.notFoundCode,
          // The problem responses are documented, not compiled: problem bodies are plain JSON, and a
          // serializer per status per route cost most of the start-up time (bench/RESULTS.md).
          swaggerTransform: ({ schema, url }) => ({
            schema: { ...schema, response: { ...(schema.response as object), ...problems } },
            url,
          }),
        },
      },
      async (request, reply) => {
        const connection = resolveConnection(request.body, options.connections);
        const input = withoutCredentials(request.body);
        const deliveryTasks: DeliveryTask[] = [];
        const output = await capability.run(
          {
            graph: options.graph,
            graphApiVersion: options.graphApiVersion,
            cursors: options.cursors,
            connection,
            requestId: request.id,
            deadline: new Deadline(options.requestTimeoutMs),
            log: request.log,
            afterDelivery: (task) => deliveryTasks.push(task),
            proveConnection: () =>
              suppliedByRequest(request.body) ? options.proveConnection(connection) : Promise.resolve(),
          },
          input,
        );
        afterDelivery(reply.raw, deliveryTasks);
        if (output.rawResponse instanceof JsonText) {
          return reply.type(JSON_CONTENT_TYPE).send(jsonTextEnvelope(output.rawResponse, output));
        }
        return { output };
      },
    );
  }

  app.get(
    '/capabilities',
    { schema: { tags: ['operations'], summary: 'The capabilities with their schemas' } },
    () => ({
      capabilities: options.capabilities.map((capability) => ({
        id: capability.id,
        name: capability.name,
        operationId: capability.operationId,
        route: `POST /capabilities/${capability.id}`,
        summary: capability.summary,
        inputSchema: capability.input,
        outputSchema: capability.output,
      })),
    }),
  );
}

/** The capability's own fields: the connection fields were used up by resolveConnection. */
function withoutCredentials(body: Static<CapabilityInputSchema>): CapabilityInput<CapabilityInputSchema> {
  const fields: Record<string, unknown> = body;
  const input: Record<string, unknown> = {};
  for (const key in fields) {
    if (!CREDENTIAL_KEYS.has(key)) input[key] = fields[key];
  }
  return input;
}
