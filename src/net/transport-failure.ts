/**
 * Classifies what went wrong below HTTP (undici and socket errors) into the few kinds the retry
 * rules and the error mapping care about. Shared by the Graph client and the MSAL network client.
 */

/**
 * - `refused`: the connection was never made (nothing can have been applied upstream);
 * - `connect-timeout`: same, but the TCP/TLS handshake timed out;
 * - `dropped`: the connection broke after the request may have been sent;
 * - `timeout`: no (complete) answer in time: headers/body timeout or a per-request deadline;
 * - `aborted`: the caller's own AbortSignal fired.
 */
export type TransportFailureKind = 'refused' | 'connect-timeout' | 'dropped' | 'timeout' | 'aborted';

const REFUSED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
]);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const own = (err as { code?: unknown }).code;
  if (typeof own === 'string' && own !== 'UND_ERR_SOCKET') return own;
  // undici wraps socket errors; the errno code of the root cause says more than UND_ERR_SOCKET.
  const cause = (err as { cause?: unknown }).cause;
  const inner = cause === undefined ? undefined : codeOf(cause);
  return inner ?? (typeof own === 'string' ? own : undefined);
}

export function classifyTransportFailure(err: unknown, callerSignal?: AbortSignal): TransportFailureKind {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') return 'timeout';
  if (callerSignal?.aborted) return 'aborted';
  const code = codeOf(err);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect-timeout';
  if (code !== undefined && TIMEOUTS.has(code)) return 'timeout';
  if (code !== undefined && REFUSED.has(code)) return 'refused';
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  return 'dropped';
}

/** `timeout` maps to 504 upstream, `unreachable` to 502. */
export function transportReason(kind: TransportFailureKind): 'timeout' | 'unreachable' {
  return kind === 'refused' || kind === 'dropped' ? 'unreachable' : 'timeout';
}

/** A short, secret-free description for logs and error messages. */
export function describeTransportFailure(kind: TransportFailureKind, err: unknown): string {
  const code = codeOf(err);
  return code === undefined ? kind : `${kind} (${code})`;
}
