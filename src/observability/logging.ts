import { randomUUID } from 'node:crypto';

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

export function loggerOptions(level: string): { level: string; redact: { paths: string[]; censor: string } } {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
  };
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keep a caller's X-Request-Id when it is safe to log and echo; otherwise mint one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}
