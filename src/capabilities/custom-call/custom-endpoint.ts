/**
 * Decides whether a caller's `endpoint` may be appended to the Graph version root. The Graph
 * client always sends to its configured origin, so no value can move the request elsewhere; this
 * check is the first line: it refuses anything that looks like it tries (absolute and
 * protocol-relative URLs, schemes, userinfo, backslashes, controls) and anything that could climb
 * out of `/v1.0` at any layer that decodes or normalises the path (dot segments raw, percent-
 * encoded once or twice, or as Unicode look-alikes that NFKC folds into "." or "/").
 * Pure: no I/O, so it can be tested on large corpora.
 */

export type EndpointCheck =
  | { ok: true /** Path below the version root, as sent (already encoded). */; path: string; query: string }
  | { ok: false; problem: string };

/** Controls, format characters (zero-width, bidi overrides) and line/paragraph separators. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** Backslash and characters that some stacks fold into "/" or "\". */
const SLASH_LIKE = /[\\\u2044\u2215\u2216\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c]/;
/** Full stops NFKC leaves alone but that some URL parsers still treat as ".". */
const DOT_LIKE = /[\u3002\uff61]/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** RFC 3986 pchar plus "/": what a path may hold before percent-encoding. */
const PATH_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:@%/]/;
const VERSION_ROOTS = new Set(['v1.0', 'beta']);
/** Decoding layers examined: catches %2e, %252e and %25252e. */
const DECODE_LAYERS = 4;

export function checkCustomEndpoint(endpoint: string): EndpointCheck {
  const fail = (problem: string): EndpointCheck => ({ ok: false, problem });
  if (endpoint.length === 0) return fail('must not be empty; give a path such as /users');
  const control = CONTROL.exec(endpoint);
  if (control) return fail(`contains a control or invisible character (${codePoint(control[0])})`);
  if (SLASH_LIKE.test(endpoint)) return fail('contains a backslash or a look-alike of "/" or "\\"');
  if (endpoint.includes('#'))
    return fail('contains "#"; a fragment is never sent (encode a literal # as %23)');
  const scheme = SCHEME.exec(endpoint);
  if (scheme) {
    return fail(
      `is an absolute URL (scheme "${scheme[0]}"); give a path below the Graph version root, e.g. /users`,
    );
  }
  if (endpoint.startsWith('//'))
    return fail('is a protocol-relative URL ("//host"); give a path such as /users');
  if (!endpoint.startsWith('/')) {
    const head = endpoint.split(/[/?]/, 1)[0] ?? '';
    return fail(
      head.includes('@')
        ? 'carries a userinfo "@" before its first "/"; give a path such as /users'
        : 'must start with "/" (a path below the Graph version root, e.g. /users)',
    );
  }

  const queryAt = endpoint.indexOf('?');
  const path = queryAt < 0 ? endpoint : endpoint.slice(0, queryAt);
  const query = queryAt < 0 ? '' : endpoint.slice(queryAt + 1);
  for (const char of path) {
    if (!PATH_CHAR.test(char)) {
      return fail(
        /\s/.test(char)
          ? 'contains whitespace in its path; percent-encode it'
          : `contains ${JSON.stringify(char)} (${codePoint(char)}) in its path; percent-encode it`,
      );
    }
  }
  if (path.includes('//')) return fail('contains an empty path segment ("//")');
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return fail('has a "%" that does not start a valid percent-encoding');

  const segments = path.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop(); // one trailing slash is harmless
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return fail(problem);
  }
  const first = safeDecode(segments[0] ?? '')?.toLowerCase();
  if (first !== undefined && VERSION_ROOTS.has(first)) {
    return fail(
      `starts with the version "/${segments[0]}"; give the path below it (e.g. /users): the version is configured`,
    );
  }
  return { ok: true, path, query };
}

/** Looks at a segment as every decoding layer would see it. */
function segmentProblem(segment: string): string | undefined {
  let layer = segment;
  for (let depth = 0; depth < DECODE_LAYERS; depth++) {
    const folded = layer.normalize('NFKC').replace(DOT_LIKE, '.');
    if (depth > 0 && (folded.includes('/') || SLASH_LIKE.test(folded))) {
      return 'encodes "/" or "\\" inside a segment (%2F, %5C, or a look-alike)';
    }
    if (depth > 0 && CONTROL.test(folded)) return 'percent-encodes a control character';
    // `..;x` is a dot segment to servlet-style path parameters; trailing dots vanish on some servers.
    const bare = (folded.split(';')[0] ?? '').trim();
    if (/^\.+$/.test(bare)) {
      return 'contains a dot segment ("." or "..", plain, percent-encoded or look-alike) that could leave the version root';
    }
    const next = safeDecode(layer);
    // Deeper layers may hold a literal "%" (a value that was encoded once, e.g. 100%25).
    if (next === undefined) return depth === 0 ? 'percent-encodes bytes that are not valid UTF-8' : undefined;
    if (next === layer) return undefined;
    layer = next;
  }
  return 'is percent-encoded too many times over';
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
