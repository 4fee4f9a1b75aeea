// How a request that a `$batch` runs internally (Fastify inject) is told apart from one a client
// sent: a header whose value starts with a secret of this process, which no client can know.
// It also carries the origin the batch was sent to (an injected request has no TLS socket of its
// own, so it could not tell http from https) and whether the item named its own
// client-request-id (only then can a retry of the item be recognised for Retry-After timing).

import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export const BATCH_ITEM_HEADER = 'x-emulator-batch-item';

const SECRET = randomBytes(18).toString('base64url');

export interface BatchItemMark {
  /** The origin the enclosing `$batch` was sent to, e.g. https://localhost:4443. */
  origin: string;
  /** Whether the item carried its own client-request-id header. */
  ownClientRequestId: boolean;
}

export function batchItemHeaderValue(mark: BatchItemMark): string {
  return `${SECRET} ${mark.ownClientRequestId ? 1 : 0} ${mark.origin}`;
}

/** The mark of a batch item, or undefined for a request a client sent. */
export function batchItemOf(request: FastifyRequest): BatchItemMark | undefined {
  const value = request.headers[BATCH_ITEM_HEADER];
  if (typeof value !== 'string') return undefined;
  const [secret, own, origin] = value.split(' ');
  if (secret !== SECRET || origin === undefined) return undefined;
  return { origin, ownClientRequestId: own === '1' };
}
