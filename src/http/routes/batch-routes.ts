/**
 * `POST /batch`: up to 1,000 capability calls in one request. Each item is prepared as its single
 * route would prepare it, then run by its capability on a GraphCaller that packs the Graph requests
 * of all items into `$batch` requests of 20 (graph-batch-packer.ts), so every item ends with exactly
 * the `output` or problem the single call gives. `dependsOn` orders items (batch-schedule.ts).
 * The answer lists the items in request order, or, with `Accept: application/x-ndjson`, streams
 * one line per item as it completes.
 */
import { PassThrough } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { planBatch } from '../../batch/batch-plan.js';
import { skippedProblem } from '../../batch/batch-refusal.js';
import { runScheduled } from '../../batch/batch-schedule.js';
import { BatchAnswerSchema, BatchBodySchema, MAX_BATCH_ITEMS } from '../../batch/batch-schema.js';
import type { Capability } from '../../capabilities/capability.js';
import { problem } from '../../errors/problem.js';
import { GraphBatchPacker } from '../../graph/graph-batch-packer.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import type { RetryOptions } from '../../graph/retry-policy.js';
import type { Sleep } from '../../net/sleep.js';
import { callerId } from '../../observability/audit-log.js';
import { withoutRedaction } from '../../observability/logging.js';
import type { AuditStore } from '../../stores/audit/audit-store.js';
import type { CursorStore } from '../../stores/cursor-store.js';
import { type BatchItemResult, itemFailed, problemResult } from '../batch/batch-item-result.js';
import { ItemValidator } from '../batch/item-validator.js';
import { type PreparedItem, prepareItem } from '../batch/prepare-item.js';
import { type ItemRunContext, runItem } from '../batch/run-item.js';
import {
  bearerOf,
  declineReplay,
  guardIdempotency,
  type IdempotencyOptions,
  isReplayable,
} from '../idempotency/idempotency-guard.js';
import { idempotencyKeyOf } from '../idempotency/idempotency-key.js';
import { COMMON_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { fieldList } from '../problem/validation-problems.js';
import type { ConnectionPolicy } from '../resolve-connection.js';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_PROBLEM_STATUSES } from './capability-routes.js';

export interface BatchRouteOptions {
  capabilities: Capability[];
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  connections: ConnectionPolicy;
  requestTimeoutMs: number;
  idempotency: IdempotencyOptions;
  /** `$batch` requests one call has in flight (BATCH_GRAPH_CONCURRENCY). */
  graphConcurrency: number;
  graphRetry: RetryOptions;
  /** The wait before an item's retry (metered like the client's). */
  sleep?: Sleep;
  onItemStatus?: (status: number) => void;
  /** Where each mutating item's audit record is kept (GET /audit). */
  audit: AuditStore;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

const DESCRIPTION = [
  `Runs up to ${MAX_BATCH_ITEMS} capability calls in one request. Each item names a capability and carries exactly the body its own route takes; each ends with exactly the \`output\` envelope or the problem (same code and status) that route would answer.`,
  "The items' Graph requests travel in Graph `$batch` requests of 20 (BATCH_GRAPH_CONCURRENCY at once, each one of the tenant's concurrency slots). A throttled item waits its own Retry-After and is sent again in a later `$batch`; a 503/504 item is repeated only when Graph cannot have applied it or repeating it is harmless, as for single calls.",
  '`dependsOn` names earlier items that must succeed first; an item whose dependency failed is skipped (424 SKIPPED_DEPENDENCY_FAILED). A bad item (unknown capability, invalid input, paging or delta) is reported in its place and the others run. Ids must be unique and `dependsOn` may name only earlier items, else the whole batch is 400.',
  'The answer lists the items in request order. With `Accept: application/x-ndjson` it is a stream of one JSON object per line, each item as it completes.',
  'With an `Idempotency-Key`, the batch as a whole is replayed when every item ended with an outcome worth keeping (no 5xx, 408 or 429); in any case each item that changes the directory is kept under `<key>/<item id>`, so a repeat of the batch replays the items that finished (`replayed: true`) and runs only the rest.',
].join('\n\n');

export function registerBatchRoutes(app: FastifyInstance, options: BatchRouteOptions): void {
  const auditLine = withoutRedaction(app.log);
  const preparation = {
    capabilities: new Map(options.capabilities.map((capability) => [capability.id, capability])),
    validator: new ItemValidator(),
    connections: options.connections,
  };
  const problems = Object.fromEntries(
    [...new Set([...COMMON_PROBLEM_STATUSES, ...IDEMPOTENCY_PROBLEM_STATUSES])]
      .sort((a, b) => a - b)
      .map((status) => [
        status,
        {
          description: 'Problem details (for the batch as a whole; items carry their own)',
          content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
        },
      ]),
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/batch',
    {
      schema: {
        operationId: 'runBatch',
        tags: ['batch'],
        summary: 'Many capability calls in one request, on Graph $batch',
        description: DESCRIPTION,
        body: BatchBodySchema,
        headers: IDEMPOTENCY_HEADER,
        response: { 200: BatchAnswerSchema },
      },
      config: {
        swaggerTransform: ({ schema, url }) => ({
          schema: { ...schema, response: { ...(schema.response as object), ...problems } },
          url,
        }),
      },
    },
    async (request, reply) => {
      const { requests } = request.body;
      const plan = planBatch(requests);
      if (plan.problems.length > 0) {
        throw problem('VALIDATION_FAILED', `Invalid fields: ${fieldList(plan.problems.map((p) => p.path))}`, {
          errors: plan.problems,
        });
      }
      const prepared = requests.map((item) => prepareItem(item, preparation));
      const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
      const guarded = await guardIdempotency(request, reply, batchTarget(prepared), options.idempotency);
      if (guarded === 'replayed') return reply;

      const context: ItemRunContext = {
        graph: new GraphBatchPacker(options.graph, {
          maxInFlight: options.graphConcurrency,
          requestId: request.id,
          retry: options.graphRetry,
          ...(options.sleep ? { sleep: options.sleep } : {}),
          ...(options.onItemStatus ? { onItemStatus: options.onItemStatus } : {}),
        }),
        graphApiVersion: options.graphApiVersion,
        cursors: options.cursors,
        requestTimeoutMs: options.requestTimeoutMs,
        log: request.log,
        audit: {
          logs: { line: auditLine, log: request.log, requestId: request.id },
          store: options.audit,
          who: callerId(request.headers.authorization),
        },
        ...(idempotencyKey === undefined
          ? {}
          : {
              idempotency: {
                key: idempotencyKey,
                apiKey: bearerOf(request.headers.authorization),
                options: options.idempotency,
              },
            }),
      };
      const itemRequestId = (index: number) => `${request.id}/requests/${index}`;
      const run = (settled?: (index: number, result: BatchItemResult) => void) =>
        runScheduled(plan.dependencies, {
          run: (index) => runItem(requests[index]!.id, itemRequestId(index), prepared[index]!, context),
          failed: itemFailed,
          skip: (index, dependency) =>
            problemResult(
              requests[index]!.id,
              skippedProblem(requests[dependency]!.id),
              itemRequestId(index),
            ),
          ...(settled ? { settled } : {}),
        });

      if (wantsNdjson(request)) return streamResults(reply, run);
      const results = await run();
      // A repeat must run again the items that ended in a 5xx, 408 or 429, as a single call would.
      if (!results.every((result) => isReplayable(result.status))) declineReplay(request);
      // Written here rather than by the route's serializer: each output stays as its capability made it.
      const answer: FastifyReply = reply;
      return answer
        .type(JSON_TYPE)
        .send(`{"responses":[${results.map((result) => JSON.stringify(result)).join(',')}]}`);
    },
  );
}

/**
 * What the batch's own Idempotency-Key record is filed under: it changes the directory when one of
 * its items does, and it acts in the tenants and apps of its items.
 */
function batchTarget(prepared: PreparedItem[]) {
  const ready = prepared.filter((item) => item.ready);
  const distinct = (pick: (item: (typeof ready)[number]) => string) =>
    [...new Set(ready.map(pick))].sort().join(',');
  return {
    capabilityId: 'batch',
    mutates: ready.some((item) => item.mutates),
    tenantId: distinct((item) => item.connection.tenantId.toLowerCase()),
    clientId: distinct((item) => item.connection.clientId.toLowerCase()),
  };
}

function wantsNdjson(request: FastifyRequest): boolean {
  return /application\/x-ndjson/i.test(request.headers.accept ?? '');
}

/** One line per item as it completes; the items keep running if the caller goes away. */
function streamResults(
  reply: FastifyReply,
  run: (settled: (index: number, result: BatchItemResult) => void) => Promise<BatchItemResult[]>,
): FastifyReply {
  const stream = new PassThrough();
  run((_index, result) => {
    if (!stream.destroyed) stream.write(`${JSON.stringify(result)}\n`);
  }).then(
    () => stream.end(),
    (error: unknown) => {
      reply.log.error({ err: error }, 'batch failed while streaming');
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return reply.type(NDJSON_TYPE).send(stream);
}
