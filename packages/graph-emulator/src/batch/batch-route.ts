// POST /v1.0/$batch and /beta/$batch: reads the batch, runs its items, and answers 200 with one
// `responses` entry per request (a malformed batch is a 400 and nothing runs). Responses come in
// the order of the requests; Graph may answer in any order, so clients must correlate by `id`.
// https://learn.microsoft.com/graph/json-batching

import type { FastifyReply, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { GraphContext } from '../graph/graph-context.js';
import { graphErrors } from '../graph/graph-error.js';
import { readBatchPayload } from './batch-payload.js';
import { runBatchSteps } from './batch-runner.js';

/** Whether the call addresses `/$batch` (also sent as `%24batch`). */
export function isBatchTarget(rawSegments: readonly string[]): boolean {
  return /^(\$|%24)batch$/i.test(rawSegments[0] ?? '');
}

export async function serveBatch(
  ctx: GraphContext,
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>,
): Promise<FastifyReply> {
  if (ctx.rawSegments.length > 1) throw graphErrors.segmentNotFound(ctx.rawSegments[1]!);
  if (ctx.method !== 'POST') throw graphErrors.methodNotAllowed();
  const steps = readBatchPayload(ctx.request.body);
  const responses = await runBatchSteps(steps, {
    version: ctx.version,
    origin: ctx.origin,
    authorization: header(ctx, 'authorization'),
    // The batch's own, or the one the Graph scope made up for it (items share it, as in Graph's sample).
    clientRequestId: header(ctx, 'client-request-id') ?? replyHeader(ctx, 'client-request-id'),
    inject,
  });
  return ctx.reply.code(200).type('application/json').send(JSON.stringify({ responses }));
}

function replyHeader(ctx: GraphContext, name: string): string | undefined {
  const value = ctx.reply.getHeader(name);
  return value === undefined ? undefined : String(value);
}

function header(ctx: GraphContext, name: string): string | undefined {
  const value = ctx.request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
