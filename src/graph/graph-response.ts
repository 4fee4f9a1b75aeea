/**
 * Reads one Graph answer: drains the body, keeps the headers worth returning, parses JSON, and
 * turns Graph's error envelope into a GraphError at this edge so nothing above inspects raw
 * responses.
 * @see https://learn.microsoft.com/graph/errors
 */
import type { Dispatcher } from 'undici';
import { parseRetryAfter } from '../net/retry-after.js';
import { GraphError, GraphUnavailableError } from './graph-error.js';
import type { GraphResponse } from './graph-request.js';
import { JsonText } from './json-text.js';
import { decodeRawBody, RAW_BODY_LIMIT_BYTES } from './raw-body.js';

/** Response headers callers may want (correlation, throttling state, paging hints). */
export const KEPT_HEADERS: readonly string[] = [
  'request-id',
  'client-request-id',
  'location',
  'retry-after',
  'x-ms-ags-diagnostic',
  'content-type',
  'odata-version',
  'x-ms-resource-unit',
  'x-ms-throttle-limit-percentage',
  'x-ms-throttle-scope',
  'x-ms-throttle-information',
  'preference-applied',
  'date',
];

export function keptHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = raw[name];
    if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** Generic codes (from Graph's own list) for error answers that carry no envelope. */
const GENERIC_CODES: Record<number, string> = {
  400: 'invalidRequest',
  401: 'unauthenticated',
  403: 'accessDenied',
  404: 'itemNotFound',
  405: 'notAllowed',
  429: 'activityLimitReached',
  501: 'notSupported',
  503: 'serviceNotAvailable',
  504: 'gatewayTimeout',
};

/**
 * The answer as a GraphResponse, or as a GraphError for status >= 400. The body is always drained.
 * With `responseType: 'raw'` a successful body is a RawBody (see raw-body.ts) instead of parsed JSON.
 */
export async function readGraphAnswer(
  res: Dispatcher.ResponseData,
  nowMs: number,
  responseType: 'json' | 'raw' | 'json-text' = 'json',
): Promise<GraphResponse | GraphError> {
  if (responseType !== 'raw' && res.statusCode >= 300 && res.statusCode < 400) {
    // undici follows no redirect, and Graph's APIs that this service calls answer none: a 3xx is
    // neither the resource nor an error Graph described, so it must not pass for a success.
    await res.body.dump();
    throw new GraphUnavailableError(
      'bad_response',
      `Graph answered ${res.statusCode} (a redirect), which this service does not follow.`,
    );
  }
  let text: string;
  let bytes: Buffer | undefined;
  try {
    if (responseType === 'raw') {
      bytes = await readCapped(res, RAW_BODY_LIMIT_BYTES);
      text = bytes.toString('utf8');
    } else if (responseType === 'json-text') {
      const chunks = await readChunks(res.body);
      const verbatim =
        res.statusCode < 400 && /json/i.test(String(res.headers['content-type']))
          ? JsonText.ofObject(chunks)
          : undefined;
      if (verbatim) return { status: res.statusCode, headers: keptHeaders(res.headers), body: verbatim };
      // Anything else (an array, text, malformed JSON) is parsed and checked as usual below.
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await res.body.text();
    }
  } catch (err) {
    res.body.destroy();
    throw err;
  }
  const headers = keptHeaders(res.headers);
  const contentType = headers['content-type'] ?? '';
  if (bytes !== undefined && res.statusCode < 400) {
    return { status: res.statusCode, headers, body: decodeRawBody(bytes, contentType) };
  }
  const parsed = parseBody(text, contentType);
  if (res.statusCode < 400) {
    if (parsed === INVALID_JSON) {
      throw new GraphUnavailableError(
        'bad_response',
        `Graph answered ${res.statusCode} with malformed JSON.`,
      );
    }
    return { status: res.statusCode, headers, body: parsed };
  }
  return graphErrorOf(res.statusCode, parsed, headers, nowMs);
}

/**
 * Graph's error answer (status >= 400) as a GraphError, whether it came as a response of its own
 * or as an item of a JSON batch answer: the same envelope, the same Retry-After rule.
 */
export function graphErrorOf(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  nowMs: number,
): GraphError {
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
  return toGraphError(status, body, headers, retryAfterMs === undefined ? undefined : retryAfterMs / 1000);
}

const INVALID_JSON = Symbol('invalid-json');

/** The body's chunks as they arrive, not joined: whoever needs one buffer joins them once. */
function readChunks(body: Dispatcher.ResponseData['body']): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(chunks));
    body.once('error', reject);
  });
}

/** Reads the whole body as bytes, refusing (and destroying) one larger than `limit`. */
async function readCapped(res: Dispatcher.ResponseData, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      res.body.destroy();
      throw new GraphUnavailableError(
        'bad_response',
        `Graph answered with a body larger than ${limit} bytes.`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(text: string, contentType: string): unknown {
  if (text.length === 0) return null;
  const declaredJson = /json/i.test(contentType);
  if (declaredJson || contentType === '') {
    try {
      return JSON.parse(text);
    } catch {
      return declaredJson ? INVALID_JSON : text;
    }
  }
  // e.g. `GET /users/$count` answers text/plain.
  return text;
}

function toGraphError(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  retryAfterSeconds: number | undefined,
): GraphError {
  const envelope = errorEnvelope(body);
  if (envelope === undefined) {
    // Nothing from a non-JSON body is echoed: a proxy page says nothing useful and could say too much.
    return new GraphError(
      status,
      GENERIC_CODES[status] ?? 'generalException',
      `Graph answered HTTP ${status} without a JSON error body (content-type ${headers['content-type'] ?? 'none'}).`,
      headers['request-id'],
      undefined,
      retryAfterSeconds,
    );
  }
  const inner = record(envelope['innerError']) ?? record(envelope['innererror']) ?? {};
  const details = Array.isArray(envelope['details'])
    ? envelope['details']
        .map(record)
        .filter((d): d is Record<string, unknown> => d !== undefined)
        .map(detail)
    : undefined;
  return new GraphError(
    status,
    str(envelope['code']) ?? GENERIC_CODES[status] ?? 'generalException',
    str(envelope['message']) ?? '',
    str(inner['request-id']) ?? headers['request-id'],
    str(inner['date']),
    retryAfterSeconds,
    details,
  );
}

function errorEnvelope(body: unknown): Record<string, unknown> | undefined {
  const root = record(body);
  return root === undefined ? undefined : record(root['error']);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function detail(d: Record<string, unknown>): { code?: string; message?: string; target?: string } {
  return { code: str(d['code']), message: str(d['message']), target: str(d['target']) };
}
