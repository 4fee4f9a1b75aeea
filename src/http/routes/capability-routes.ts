import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  type Capability,
  type DeliveryTask,
  heldOutput,
  StreamedOutput,
} from '../../capabilities/capability.js';
import { withoutCredentials } from '../../capabilities/common/without-credentials.js';
import type { PROBLEM_TOPICS } from '../../errors/error-catalogue.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import { JsonText } from '../../graph/json-text.js';
import { Deadline } from '../../net/deadline.js';
import { callerId } from '../../observability/audit-log.js';
import { withoutRedaction } from '../../observability/logging.js';
import type { AuditStore } from '../../stores/audit/audit-store.js';
import type { CursorStore } from '../../stores/cursor-store.js';
import { accessRecordOf, recordingGraphCaller } from '../access-log/access-record.js';
import { auditedChange } from '../audited-change.js';
import { guardIdempotency, type IdempotencyOptions } from '../idempotency/idempotency-guard.js';
import { problemResponses } from '../problem/problem-responses.js';
import { COMMON_PROBLEM_STATUSES, GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import {
  type ConnectionPolicy,
  type ConnectionProof,
  resolveConnection,
  suppliedByRequest,
} from '../resolve-connection.js';
import { afterDelivery } from './after-delivery.js';
import { jsonTextEnvelope } from './json-text-envelope.js';
import { streamedEnvelope } from './streamed-envelope.js';

export interface CapabilityRouteOptions {
  capabilities: Capability[];
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  connections: ConnectionPolicy;
  requestTimeoutMs: number;
  idempotency: IdempotencyOptions;
  proveConnection: ConnectionProof;
  /** Where each mutating call's audit record is kept (GET /audit). */
  audit: AuditStore;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** 409 while a first request with the key runs, 422 when the key named another request. */
export const IDEMPOTENCY_PROBLEM_STATUSES = [409, 422];
/**
 * Documented, not validated here: the guard checks the value, so that a bad key gets its own code
 * (INVALID_IDEMPOTENCY_KEY) rather than a generic validation failure. No example value: the
 * explorer would fill it into every "Try it out", and the second change tried would be refused as
 * a reuse of the key.
 */
export const IDEMPOTENCY_HEADER = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description:
        'Makes a change safe to retry: the first outcome for this key (per API key and tenant) is kept for IDEMPOTENCY_RETENTION_MS and replayed, marked `Idempotent-Replayed: true`, to a repeat with the same body. Honoured by capabilities that change the directory (the custom call when its method is not GET); reads ignore it. 1 to 255 printable ASCII characters, e.g. a UUID: `"8e03978e-40d5-43e8-bc93-6894a57f9324"`.',
    }),
  ),
});

/** The error catalogue's area whose codes a capability's problem examples are taken from. */
const TAG_TOPICS: Partial<Record<string, keyof typeof PROBLEM_TOPICS>> = {
  users: 'users',
  groups: 'groups',
  licenses: 'licenses',
  advanced: 'graph',
};

/** One POST route per capability, plus GET /capabilities listing them with their schemas. */
export function registerCapabilityRoutes(app: FastifyInstance, options: CapabilityRouteOptions): void {
  const auditLine = withoutRedaction(app.log);
  for (const capability of options.capabilities) {
    const responses = {
      200: {
        description: `${capability.name} done: Graph's status, body and headers in the \`output\` envelope.`,
        content: {
          'application/json': {
            schema: capability.output,
            ...(capability.outputExample ? { example: capability.outputExample } : {}),
          },
        },
      },
      ...problemResponses(
        [...COMMON_PROBLEM_STATUSES, ...IDEMPOTENCY_PROBLEM_STATUSES, ...capability.errorStatuses],
        {
          topic: TAG_TOPICS[capability.tag] ?? 'graph',
          codes: {
            ...(capability.notFoundCode ? { 404: capability.notFoundCode } : {}),
            ...capability.problemExamples,
          },
        },
      ),
    };
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
          swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, response: responses }, url }),
        },
      },
      async (request, reply) => {
        const connection = resolveConnection(request.body, options.connections);
        const record = accessRecordOf(request);
        record.capability = capability.id;
        record.tenantId = connection.tenantId;
        const input = withoutCredentials(request.body);
        const mutates = capability.mutates(input);
        // Most calls bring no Idempotency-Key: they skip the guard, and the promise it would cost.
        if (request.headers['idempotency-key'] !== undefined) {
          const guarded = await guardIdempotency(
            request,
            reply,
            {
              capabilityId: capability.id,
              mutates,
              tenantId: connection.tenantId,
              clientId: connection.clientId,
            },
            options.idempotency,
          );
          if (guarded === 'replayed') return reply;
        }
        const deliveryTasks: DeliveryTask[] = [];
        const context = {
          graph: recordingGraphCaller(options.graph, record, capability.id),
          graphApiVersion: options.graphApiVersion,
          cursors: options.cursors,
          connection,
          requestId: request.id,
          deadline: new Deadline(options.requestTimeoutMs),
          log: request.log,
          afterDelivery: (task: DeliveryTask) => deliveryTasks.push(task),
          proveConnection: () =>
            suppliedByRequest(request.body) ? options.proveConnection(connection) : Promise.resolve(),
        };
        const output = mutates
          ? await auditedChange(
              {
                logs: { line: auditLine, log: request.log, requestId: request.id },
                store: options.audit,
                who: callerId(request.headers.authorization),
              },
              capability,
              connection,
              input,
              async () => heldOutput(await capability.run(context, input)),
            )
          : await capability.run(context, input);
        afterDelivery(reply.raw, deliveryTasks);
        if (output instanceof StreamedOutput) {
          return reply.type(JSON_CONTENT_TYPE).send(streamedEnvelope(output));
        }
        if (output.rawResponse instanceof JsonText) {
          return reply.type(JSON_CONTENT_TYPE).send(jsonTextEnvelope(output.rawResponse, output));
        }
        return { output };
      },
    );
  }

  app.get(
    '/capabilities',
    {
      schema: {
        operationId: 'listCapabilities',
        tags: ['operations'],
        summary: 'The capabilities with their schemas',
        description:
          'Every capability with its route and the JSON schemas of its input and output, for callers that build forms or validate before sending.',
      },
      config: {
        // Documented only: the schemas listed are arbitrary JSON, written as they are.
        swaggerTransform: ({ schema, url }) => ({
          schema: { ...schema, response: capabilityListResponses(options.capabilities) },
          url,
        }),
      },
    },
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

/** The documented answers of GET /capabilities, with the first capability as the example entry. */
function capabilityListResponses(capabilities: Capability[]) {
  const first = capabilities[0];
  const entry = Type.Object({
    id: Type.String(),
    name: Type.String(),
    operationId: Type.String(),
    route: Type.String(),
    summary: Type.String(),
    inputSchema: Type.Object({}, { additionalProperties: true, description: 'JSON schema of the body.' }),
    outputSchema: Type.Object(
      {},
      { additionalProperties: true, description: 'JSON schema of the 200 body.' },
    ),
  });
  return {
    200: {
      description: 'The capabilities, in the order of the connector documentation.',
      content: {
        'application/json': {
          schema: Type.Object({ capabilities: Type.Array(entry) }),
          ...(first
            ? {
                example: {
                  capabilities: [
                    {
                      id: first.id,
                      name: first.name,
                      operationId: first.operationId,
                      route: `POST /capabilities/${first.id}`,
                      summary: first.summary,
                      inputSchema: { type: 'object', properties: {}, additionalProperties: false },
                      outputSchema: { type: 'object', properties: { output: { type: 'object' } } },
                    },
                  ],
                },
              }
            : {}),
        },
      },
    },
    ...problemResponses(GUARDED_PROBLEM_STATUSES),
  };
}
