/**
 * The caller's `headers` for the custom call, checked before anything is sent. The Graph client
 * owns credentials, framing and correlation; a caller who could set those could replace the token,
 * smuggle a second request, or make a retried GET act as a DELETE. Pure: no I/O.
 */

export interface HeaderEntry {
  key: string;
  value: string;
}

export type HeadersCheck =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; code: 'FORBIDDEN_HEADER' | 'INVALID_HEADER'; path: string; problem: string };

/** Names a caller may never set (compared lower-case). */
const FORBIDDEN = new Set([
  // credentials and identity: the connection's token is the only credential sent
  'authorization',
  'cookie',
  // framing and routing: set by the transport from the real request
  'host',
  'content-length',
  'transfer-encoding',
  'expect',
  // hop-by-hop (RFC 9110 7.6.1)
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  // owned by the Graph client (correlation, retry marking)
  'client-request-id',
  'retry-attempt',
  // the body and its decoding are ours: a gzip answer would reach the caller as mangled bytes
  'accept-encoding',
  'content-encoding',
  // would change what a retried call does, or who the caller claims to be
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  'forwarded',
]);
const FORBIDDEN_PREFIXES = ['proxy-', 'x-forwarded-'];

/** RFC 9110 field-name token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Field value: visible ASCII, space, tab and obs-text; no CR, LF, NUL or other controls. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function checkCustomHeaders(entries: readonly HeaderEntry[]): HeadersCheck {
  const headers: Record<string, string> = {};
  for (const [index, { key, value }] of entries.entries()) {
    const invalid = (path: string, problem: string): HeadersCheck => ({
      ok: false,
      code: 'INVALID_HEADER',
      path: `/headers/${index}/${path}`,
      problem,
    });
    if (!TOKEN.test(key)) {
      return invalid('key', `header name ${JSON.stringify(key)} is not a valid HTTP field name`);
    }
    const name = key.toLowerCase();
    if (FORBIDDEN.has(name) || FORBIDDEN_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      return {
        ok: false,
        code: 'FORBIDDEN_HEADER',
        path: `/headers/${index}/key`,
        problem: `header "${key}" cannot be set by the caller; the service sets it (or never sends it)`,
      };
    }
    if (!FIELD_VALUE.test(value)) {
      return invalid('value', `the value of header "${key}" contains a line break or control character`);
    }
    if (name in headers) return invalid('key', `header "${key}" is given more than once`);
    headers[name] = value.trim();
  }
  return { ok: true, headers };
}
