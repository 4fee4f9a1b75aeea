/**
 * Runs one prepared batch item as its single route would: the Idempotency-Key check (per item,
 * `<key>/<id>`), the capability's `run` with its own deadline, and the outcome as the `output`
 * envelope or the problem the error handler would have written.
 */
import type { FastifyBaseLogger } from 'fastify';
import { type CapabilityContext, heldOutput } from '../../capabilities/capability.js';
import type { GraphCaller } from '../../graph/graph-request.js';
import { Deadline } from '../../net/deadline.js';
import type { CursorStore } from '../../stores/cursor-store.js';
import { type AuditContext, auditedChange } from '../audited-change.js';
import type { IdempotencyOptions } from '../idempotency/idempotency-guard.js';
import { claimItemKey, type ItemClaim } from '../idempotency/item-idempotency.js';
import { toProblem } from '../problem/to-problem.js';
import {
  type BatchItemResult,
  outputResult,
  problemResult,
  replayedResult,
  storedResponseOf,
} from './batch-item-result.js';
import type { PreparedItem } from './prepare-item.js';

export interface ItemRunContext {
  /** The `$batch` packer every item of the request sends through. */
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  requestTimeoutMs: number;
  log: FastifyBaseLogger;
  /** Where each mutating item's audit record goes, as its single call's would. */
  audit: AuditContext;
  /** Present when the batch came with an Idempotency-Key. */
  idempotency?: { key: string; apiKey: string | undefined; options: IdempotencyOptions };
}

export async function runItem(
  id: string,
  requestId: string,
  prepared: PreparedItem,
  context: ItemRunContext,
): Promise<BatchItemResult> {
  if (!prepared.ready) return failure(id, requestId, prepared.problem, context.log);
  const { capability, input, connection } = prepared;
  let claim: ItemClaim | undefined;
  try {
    if (context.idempotency && prepared.mutates) {
      claim = await claimItemKey(
        {
          idempotencyKey: context.idempotency.key,
          apiKey: context.idempotency.apiKey,
          itemId: id,
          capabilityId: capability.id,
          body: prepared.body,
          tenantId: connection.tenantId,
          clientId: connection.clientId,
        },
        context.idempotency.options,
      );
      if (claim.state === 'replayed') return replayedResult(id, claim.response);
    }
    const itemContext: CapabilityContext = {
      graph: context.graph,
      graphApiVersion: context.graphApiVersion,
      cursors: context.cursors,
      connection,
      requestId,
      deadline: new Deadline(context.requestTimeoutMs),
      log: context.log,
      // Batch items are single round trips (delta rounds are refused): no stored state waits for
      // the answer's delivery, and none is read per tenant before Graph proves the credentials.
      afterDelivery: (task) => void task(true),
      proveConnection: () => Promise.resolve(),
    };
    const output = prepared.mutates
      ? await auditedChange(context.audit, capability, connection, input, async () =>
          heldOutput(await capability.run(itemContext, input)),
        )
      : heldOutput(await capability.run(itemContext, input));
    return await recorded(claim, outputResult(id, output), context.log);
  } catch (error) {
    const result = failure(id, requestId, toProblem(error, capability.notFoundCode), context.log, error);
    return recorded(claim, result, context.log);
  }
}

async function recorded(
  claim: ItemClaim | undefined,
  result: BatchItemResult,
  log: FastifyBaseLogger,
): Promise<BatchItemResult> {
  if (claim?.state !== 'run') return result;
  try {
    await claim.finish(storedResponseOf(result));
  } catch (err) {
    // The caller still gets the outcome; a repeat within the lease is told to wait.
    log.warn({ err, item: result.id }, 'could not record the outcome of an idempotent batch item');
  }
  return result;
}

function failure(
  id: string,
  requestId: string,
  problem: ReturnType<typeof toProblem>,
  log: FastifyBaseLogger,
  error?: unknown,
): BatchItemResult {
  if (problem.status >= 500) log.error({ err: error, code: problem.code, item: id }, 'batch item failed');
  else log.warn({ code: problem.code, status: problem.status, item: id }, problem.title);
  return problemResult(id, problem, requestId);
}
