/**
 * Turns whatever MSAL threw into an IdentityError a caller may see. MSAL folds the token
 * endpoint's JSON into one message string and reduces transport failures to `network_error`, so
 * the facts come first from what our network client observed, and only then from MSAL's error.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow (error response)
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
import type { AuthError } from '@azure/msal-node';
import { parseRetryAfter } from '../net/retry-after.js';
import type { TransportFailureKind } from '../net/transport-failure.js';
import { IdentityError } from './identity-error.js';

/** What the network client saw during one acquisition. */
export interface TokenExchange {
  requests: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  failure?: TransportFailureKind;
}

export function emptyExchange(): TokenExchange {
  return { requests: 0 };
}

/** Whether the token endpoint answered in a way that makes MSAL throttle identical requests. */
export function triggersMsalThrottle(exchange: TokenExchange): boolean {
  const status = exchange.status;
  if (status === undefined) return false;
  if (status === 429 || (status >= 500 && status < 600)) return true;
  return (status < 200 || status >= 300) && exchange.headers?.['retry-after'] !== undefined;
}

export function retryAfterSeconds(exchange: TokenExchange, nowMs = Date.now()): number | undefined {
  const ms = parseRetryAfter(exchange.headers?.['retry-after'], nowMs);
  return ms === undefined ? undefined : ms / 1000;
}

export function toIdentityError(err: unknown, exchange: TokenExchange, secret: string): IdentityError {
  const scrub = (text: string): string => (secret.length > 0 ? text.split(secret).join('[redacted]') : text);

  if (exchange.failure !== undefined) {
    const timedOut = exchange.failure === 'timeout' || exchange.failure === 'connect-timeout';
    return new IdentityError(
      0,
      timedOut ? 'timeout' : 'unreachable',
      [],
      timedOut
        ? 'The token endpoint did not answer in time.'
        : `The token endpoint could not be reached (${exchange.failure}).`,
    );
  }

  const body = asOAuthError(exchange.body);
  if (exchange.status !== undefined && body !== undefined) {
    const description = scrub(stripTraceTail(body.error_description ?? ''));
    const codes = body.error_codes ?? aadstsCodes(description);
    return new IdentityError(
      exchange.status,
      scrub(body.error ?? 'invalid_response'),
      codes,
      description,
      retryAfterSeconds(exchange),
    );
  }

  if (isMsalError(err)) {
    const description = scrub(stripTraceTail(msalDescription(err.errorMessage)));
    // A throttled replay from MSAL's cache carries the AADSTS numbers as its "errorCode".
    const code = /^[\d\s]*$/.test(err.errorCode) ? 'temporarily_unavailable' : err.errorCode;
    return new IdentityError(0, scrub(code), aadstsCodes(description), description);
  }
  return new IdentityError(0, 'unexpected_error', [], 'Token acquisition failed unexpectedly.');
}

interface OAuthErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
}

function asOAuthError(body: unknown): OAuthErrorBody | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const raw = body as Record<string, unknown>;
  const codes = Array.isArray(raw['error_codes'])
    ? raw['error_codes'].filter((c): c is number => typeof c === 'number')
    : undefined;
  return {
    error: typeof raw['error'] === 'string' ? raw['error'] : undefined,
    error_description: typeof raw['error_description'] === 'string' ? raw['error_description'] : undefined,
    error_codes: codes,
  };
}

/** `AADSTS7000215: ...` -> [7000215]; every distinct number in order of appearance. */
export function aadstsCodes(text: string): number[] {
  const codes = [...text.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  return [...new Set(codes)];
}

/**
 * Entra appends `\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...` to every
 * description; it is noise for callers and differs on every call.
 */
export function stripTraceTail(description: string): string {
  return description.replace(/\s*(Trace ID|Correlation ID|Timestamp):[\s\S]*$/, '').trim();
}

/** MSAL's ServerError message is `Error(s): .. - Timestamp: .. - Description: <desc> - Correlation ID: ..`. */
export function msalDescription(message: string): string {
  const match = /Description: ([\s\S]*?)(?: - Correlation ID:|$)/.exec(message);
  return match?.[1] ?? message;
}

/** MSAL's AuthError and its subclasses, recognised by shape: MSAL itself is loaded lazily. */
export function isMsalError(err: unknown): err is AuthError {
  return (
    err instanceof Error &&
    typeof (err as Partial<AuthError>).errorCode === 'string' &&
    typeof (err as Partial<AuthError>).errorMessage === 'string'
  );
}
