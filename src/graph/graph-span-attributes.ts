/**
 * Span attributes of Graph attempts and retry waits, named as OpenTelemetry's stable HTTP semantic
 * conventions name them (https://opentelemetry.io/docs/specs/semconv/http/http-spans/). Written as
 * plain strings so the Graph layer loads nothing of OpenTelemetry; the trace test compares them with
 * @opentelemetry/semantic-conventions. Graph's own correlation ids are response and request headers,
 * so they take the conventions' `http.response.header.<name>` / `http.request.header.<name>` form.
 */
import { loggedUrl } from '../observability/logging.js';
import type { SpanAttributes } from '../observability/tracing.js';
import { GraphError } from './graph-error.js';
import type { GraphResponse } from './graph-request.js';

export function attemptAttributes(
  method: string,
  origin: string,
  pathAndQuery: string,
  clientRequestId: string,
  retriesDone: number,
): SpanAttributes {
  const url = new URL(origin);
  return {
    'http.request.method': method,
    'url.full': `${origin}${tracedPathAndQuery(pathAndQuery)}`,
    'server.address': url.hostname,
    'server.port': url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
    'http.request.header.client-request-id': [clientRequestId],
    // Only on retries, as the conventions ask ("SHOULD NOT be set" on the first attempt).
    'http.request.resend_count': retriesDone > 0 ? retriesDone : undefined,
  };
}

/**
 * The Graph URL as a span may carry it. Traces go to a back end with its own readers and
 * retention, so no personal data: a path segment holding a user principal name or a mail address
 * (`/users/jane@contoso.com`) becomes `{userPrincipalName}`, and every query value is blanked as in
 * the logs (`$filter=[Redacted]`: filters name people). Object ids stay, as they identify no one
 * without the directory.
 */
export function tracedPathAndQuery(pathAndQuery: string): string {
  const at = pathAndQuery.indexOf('?');
  const path = at === -1 ? pathAndQuery : pathAndQuery.slice(0, at);
  const query = at === -1 ? '' : pathAndQuery.slice(at);
  const segments = path
    .split('/')
    .map((segment) => (holdsAddress(segment) ? '{userPrincipalName}' : segment));
  return loggedUrl(`${segments.join('/')}${query}`);
}

function holdsAddress(segment: string): boolean {
  return segment.includes('@') || segment.toLowerCase().includes('%40');
}

/** What an attempt's span learns from its end: Graph's status and request-id, or why there was none. */
export function attemptOutcomeAttributes(outcome: GraphResponse | GraphError | string): {
  attributes: SpanAttributes;
  errorType?: string;
} {
  if (typeof outcome === 'string') return { attributes: {}, errorType: outcome };
  const status = outcome.status;
  const requestId = outcome instanceof GraphError ? outcome.requestId : outcome.headers['request-id'];
  return {
    attributes: {
      'http.response.status_code': status,
      'http.response.header.request-id': requestId === undefined ? undefined : [requestId],
    },
    // A client span fails on 4xx and 5xx (the conventions), with the status as its error.type.
    errorType: status >= 400 ? String(status) : undefined,
  };
}

/** The wait before a retry: how long, and what caused it (`429`, `503`, `timeout`...). */
export function retryWaitAttributes(delayMs: number, reason: number | string): SpanAttributes {
  return {
    'graph.retry.delay_ms': Math.round(delayMs),
    'graph.retry.reason': String(reason),
    'graph.retry.throttled': reason === 429,
  };
}
