// Shared pieces of the Graph routers: dispatch on the method (Graph's 405 for a known target and
// a method it does not serve), POST-only actions, and the tail of a relationship list.

import type { FastifyReply } from 'fastify';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { parseRelationshipTail, type RelationshipTail } from './relationship-lists.js';

export type Handlers = Partial<Record<string, () => FastifyReply>>;

export function byMethod(ctx: GraphContext, handlers: Handlers): FastifyReply {
  const handler = handlers[ctx.method];
  if (!handler) throw graphErrors.methodNotAllowed();
  return handler();
}

/** A POST-only action with nothing after it. */
export function action(
  ctx: GraphContext,
  tail: readonly string[],
  handler: () => FastifyReply,
): FastifyReply {
  if (tail.length > 0) throw graphErrors.segmentNotFound(tail[0]!);
  return byMethod(ctx, { POST: handler });
}

/** A relationship tail (cast and/or $count), or the unknown segment as Graph names it. */
export function listTail(tail: readonly string[]): RelationshipTail {
  const parsed = parseRelationshipTail(tail);
  if (!parsed) throw graphErrors.segmentNotFound(tail.at(-1) ?? '');
  return parsed;
}
