import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream } from 'pino';

/**
 * Paths pino blanks out wherever they appear. Request bodies are never logged, but these catch a
 * secret that reaches a log call by mistake (an error object carrying a request, say).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  // A certificate connection's key, and the client assertions and federated tokens sent for it.
  'privateKey',
  '*.privateKey',
  '*.*.privateKey',
  'client_assertion',
  '*.client_assertion',
  'password',
  '*.password',
  'createUserPassword',
  '*.createUserPassword',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'body',
  '*.body',
];

/**
 * The root logger (same destination, level and bindings, so a quiet request never builds its child
 * logger) without the redaction pass, for lines built only from values that are never secret: the
 * access line and the audit line. Redaction would find nothing there, yet its wildcard paths
 * (`*.password`...) run over every key of every line: about four times the cost of writing the line
 * itself (docs/decisions.md, 17).
 */
export function withoutRedaction<Logger extends ChildMaking<Logger>>(root: Logger): Logger {
  return root.child({}, { redact: [] });
}

interface ChildMaking<Logger> {
  child(bindings: Record<string, unknown>, options: { redact: string[] }): Logger;
}

/** What the request serializer reads of a Fastify request. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remotePort?: number };
}

export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    serializers: { req: serializeRequest },
  };
}

/**
 * Fastify's own request serializer, but with the URL's query values blanked (see loggedUrl).
 * Anything else logged under `req` is left as it is, to the redaction paths.
 */
function serializeRequest(request: unknown): Record<string, unknown> {
  // pino calls serializers for any value under the key; the type only says what Fastify passes.
  if (!isRequest(request)) return request as Record<string, unknown>;
  const version = request.headers?.['accept-version'];
  return {
    method: request.method,
    url: loggedUrl(request.url),
    version: typeof version === 'string' ? version : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function isRequest(value: unknown): value is LoggedRequest {
  const candidate = value as Partial<LoggedRequest> | null;
  return typeof candidate?.url === 'string' && typeof candidate.method === 'string';
}

/**
 * The URL as it may be logged: every query value becomes `[Redacted]`, parameter names stay. A
 * caller who puts an API key or a token in a query string (`/metrics?api_key=...`) must not find
 * it in the logs, and no list of "credential-like" names would be complete.
 */
export function loggedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      // A part without `=` is all value (`?<key>`).
      return equals === -1 ? (part === '' ? '' : '[Redacted]') : `${part.slice(0, equals)}=[Redacted]`;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keep a caller's X-Request-Id when it is safe to log and echo; otherwise mint one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Log bytes held for a stdout nobody reads before lines are dropped: about 200,000 access lines,
 * a minute of heavy load. Unbounded, a stalled log reader would grow the heap until the process
 * died; blocking instead would stall every request.
 */
export const LOG_BUFFER_MAX_BYTES = 64 * 1024 * 1024;
const DROP_NOTICE_INTERVAL_MS = 60_000;
/**
 * Lines are written in batches of at least this many bytes (about a dozen access lines), and at
 * the latest every LOG_FLUSH_INTERVAL_MS. One write per line was the costliest part of logging
 * (bench's CPU profile, read-user: `writeString` about 19 µs of CPU a request under load).
 */
const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_INTERVAL_MS = 1000;

/**
 * stdout written asynchronously (pino's SonicBoom): a log line never blocks the event loop, as a
 * synchronous write to a pipe a container runtime drains slowly would. `flushLog` empties it, and
 * pino flushes it synchronously on process exit.
 */
export function asyncStdout(): DestinationStream {
  return boundedAsyncDestination(1, LOG_BUFFER_MAX_BYTES, (notice) => process.stderr.write(notice), {
    batchBytes: LOG_BATCH_BYTES,
    flushIntervalMs: LOG_FLUSH_INTERVAL_MS,
  });
}

/**
 * An asynchronous destination that drops lines once `maxBytes` wait to be written, and says so on
 * `warn` (stderr: stdout is the stream that is stuck) at the first drop and then at most once a
 * minute, with how many were lost.
 */
export function boundedAsyncDestination(
  dest: number | string,
  maxBytes: number,
  warn: (notice: string) => void,
  batching: { batchBytes: number; flushIntervalMs: number } | undefined = undefined,
): DestinationStream {
  const destination = pino.destination({
    dest,
    sync: false,
    maxLength: maxBytes,
    ...(batching ? { minLength: batching.batchBytes, periodicFlush: batching.flushIntervalMs } : {}),
  });
  let dropped = 0;
  let noticeAt = Number.NEGATIVE_INFINITY;
  destination.on('drop', () => {
    dropped += 1;
    const now = Date.now();
    if (now - noticeAt < DROP_NOTICE_INTERVAL_MS) return;
    noticeAt = now;
    warn(`${dropped} log line(s) dropped: ${maxBytes} bytes of log are waiting for stdout to be read\n`);
    dropped = 0;
  });
  return destination;
}

/** Waits until every line written so far has reached the destination (on close, before exit). */
export function flushLog(destination: DestinationStream): Promise<void> {
  const stream = destination as DestinationStream & {
    minLength?: number;
    flush?: (done: (error?: Error) => void) => void;
    _writing?: boolean;
    once?: (event: string, listener: () => void) => unknown;
    off?: (event: string, listener: () => void) => unknown;
  };
  // A batching SonicBoom writes what it holds and calls back when that is written.
  if ((stream.minLength ?? 0) > 0 && typeof stream.flush === 'function') {
    return new Promise((resolve) => stream.flush?.(() => resolve()));
  }
  // Without batching (minLength 0) its flush() calls back at once, even with a write still under
  // way: wait for its 'drain', emitted when that write is done and nothing is left. Its `_writing`
  // flag has no public getter.
  if (stream._writing !== true || typeof stream.once !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off?.('drain', done);
      stream.off?.('error', done);
      resolve();
    };
    stream.once?.('drain', done);
    stream.once?.('error', done);
  });
}
