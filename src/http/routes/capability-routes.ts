import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Capability } from '../../capabilities/capability.js';
import { withoutCredentials } from '../../capabilities/shared/without-credentials.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import { JsonText } from '../../graph/json-text.js';
import { Deadline } from '../../net/deadline.js';
import type { CursorStore } from '../../stores/cursor-store.js';
import { guardIdempotency, type IdempotencyOptions } from '../idempotency/idempotency-guard.js';
import { COMMON_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { type ConnectionPolicy, resolveConnection } from '../resolve-connection.js';
import { jsonTextEnvelope } from './json-text-envelope.js';

export interface CapabilityRouteOptions {
  capabilities: Capability[];
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  connections: ConnectionPolicy;
  requestTimeoutMs: number;
  idempotency: IdempotencyOptions;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** 409 while a first request with the key runs, 422 when the key named another request. */
export const IDEMPOTENCY_PROBLEM_STATUSES = [409, 422];
/**
 * Documented, not validated here: the guard checks the value, so that a bad key gets its own code
 * (INVALID_IDEMPOTENCY_KEY) rather than a generic validation failure.
 */
export const IDEMPOTENCY_HEADER = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description:
        'Makes a change safe to retry: the first outcome for this key (per API key and tenant) is kept for IDEMPOTENCY_RETENTION_MS and replayed, marked `Idempotent-Replayed: true`, to a repeat with the same body. Honoured by capabilities that change the directory (the custom call when its method is not GET); reads ignore it. 1 to 255 printable ASCII characters, e.g. a UUID.',
      examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'],
    }),
  ),
});

/** One POST route per capability, plus GET /capabilities listing them with their schemas. */
export function registerCapabilityRoutes(app: FastifyInstance, options: CapabilityRouteOptions): void {
  for (const capability of options.capabilities) {
    const problems = Object.fromEntries(
      [...new Set([...COMMON_PROBLEM_STATUSES, ...IDEMPOTENCY_PROBLEM_STATUSES, ...capability.errorStatuses])]
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
          headers: IDEMPOTENCY_HEADER,
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
        const guarded = await guardIdempotency(
          request,
          reply,
          {
            capabilityId: capability.id,
            mutates: capability.mutates(input),
            tenantId: connection.tenantId,
            clientId: connection.clientId,
          },
          options.idempotency,
        );
        if (guarded === 'replayed') return reply;
        const output = await capability.run(
          {
            graph: options.graph,
            graphApiVersion: options.graphApiVersion,
            cursors: options.cursors,
            connection,
            requestId: request.id,
            deadline: new Deadline(options.requestTimeoutMs),
            log: request.log,
          },
          input,
        );
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
