/**
 * Reads one item of a JSON batch answer as if it were Graph's answer to that request sent alone:
 * the same GraphResponse (headers kept, body as the request's responseType wants it) or the same
 * GraphError (the item's error envelope, its own Retry-After). Capabilities then decide exactly as
 * they do for a single call.
 * @see https://learn.microsoft.com/graph/json-batching
 */
import { type GraphError, GraphUnavailableError } from './graph-error.js';
import type { GraphRequest, GraphResponse } from './graph-request.js';
import { graphErrorOf, KEPT_HEADERS } from './graph-response.js';
import { decodeBatchItemBody } from './raw-body.js';

/** One entry of the `responses` array of a `$batch` answer. */
export interface BatchItemAnswer {
  id: string;
  status: number;
  headers?: Record<string, string>;
  /** Absent for 204 and other empty answers. */
  body?: unknown;
}

/** What the `$batch` request that carried the item was answered with, and what the item was sent with. */
export interface ItemCarrier {
  /** Headers of the `$batch` answer (lower-case), for the correlation headers an item has none of. */
  envelopeHeaders: Record<string, string>;
  /** The item's own client-request-id, sent in its headers. */
  clientRequestId: string;
  nowMs: number;
}

/**
 * Headers an item does not carry itself, about where and when Graph served the `$batch` request
 * that carried it (correlation for Microsoft support): taken from that request's answer.
 */
const FROM_ENVELOPE = ['request-id', 'date', 'x-ms-ags-diagnostic'] as const;

export function readBatchItemAnswer(
  answer: BatchItemAnswer,
  request: GraphRequest,
  carrier: ItemCarrier,
): GraphResponse | GraphError | GraphUnavailableError {
  const headers = itemHeaders(answer.headers, carrier);
  const { status } = answer;
  if (status >= 400) return graphErrorOf(status, answer.body ?? null, headers, carrier.nowMs);
  if (request.responseType !== 'raw' && status >= 300) {
    return new GraphUnavailableError(
      'bad_response',
      `Graph answered ${status} (a redirect) to an item of a batch, which this service does not follow.`,
    );
  }
  const body =
    request.responseType === 'raw'
      ? decodeBatchItemBody(answer.body, headers['content-type'] ?? '')
      : (answer.body ?? null);
  return { status, headers, body };
}

function itemHeaders(raw: Record<string, string> | undefined, carrier: ItemCarrier): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string') lower[name.toLowerCase()] = value;
  }
  for (const name of FROM_ENVELOPE) {
    const value = carrier.envelopeHeaders[name];
    if (lower[name] === undefined && value !== undefined) lower[name] = value;
  }
  lower['client-request-id'] ??= carrier.clientRequestId;
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = lower[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}
