/**
 * Where one Graph request goes: `<graphBaseUrl>/<version><path>?<query>`. Paths arrive already
 * encoded (see user-path.ts); this module only refuses paths that would leave the version root
 * and makes the request target legal on the wire without re-encoding what the caller encoded.
 */

export interface GraphTarget {
  origin: string;
  /** Path and query exactly as sent on the request line. */
  pathAndQuery: string;
}

export function graphTarget(
  graphBaseUrl: string,
  apiVersion: string,
  path: string,
  query?: string | URLSearchParams,
): GraphTarget {
  const relative = graphRelativeTarget(path, query);
  const { origin, basePath } = graphRoot(graphBaseUrl);
  return { origin, pathAndQuery: `${basePath}/${apiVersion}${relative}` };
}

/**
 * The path and query below the version root, checked and wire-safe as graphTarget sends them: what
 * an item of a JSON batch names as its `url` (relative to the version root).
 */
export function graphRelativeTarget(path: string, query?: string | URLSearchParams): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError('Graph path must start with "/" (relative to the version root)');
  }
  if (path.includes('#')) throw new TypeError('Graph path must encode "#" as %23');
  if (path.includes('\\')) throw new TypeError('Graph path must not contain a backslash');
  const cut = path.indexOf('?');
  const pathOnly = cut === -1 ? path : path.slice(0, cut);
  assertStaysBelowRoot(pathOnly);

  const queries = [cut === -1 ? '' : path.slice(cut + 1), queryText(query)].filter((q) => q !== '');
  const search = queries.length > 0 ? `?${queries.join('&')}` : '';
  return wireSafe(`${pathOnly}${search}`);
}

/** Graph origins come from configuration, so a handful at most: parse each once, not per call. */
const roots = new Map<string, { origin: string; basePath: string }>();
function graphRoot(graphBaseUrl: string): { origin: string; basePath: string } {
  let root = roots.get(graphBaseUrl);
  if (root === undefined) {
    const base = new URL(graphBaseUrl);
    root = { origin: base.origin, basePath: base.pathname.replace(/\/+$/, '') };
    if (roots.size < 64) roots.set(graphBaseUrl, root);
  }
  return root;
}

function queryText(query: string | URLSearchParams | undefined): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query.startsWith('?') ? query.slice(1) : query;
  return query.toString();
}

/** Defence in depth: `..` (raw or percent-encoded) could climb out of `/v1.0` to another API. */
function assertStaysBelowRoot(path: string): void {
  for (const segment of path.split('/')) {
    // Without escapes, a segment is what it says: only "." and ".." climb.
    if (!segment.includes('%')) {
      if (segment === '.' || segment === '..')
        throw new TypeError('Graph path must not contain "." or ".." segments');
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new TypeError('Graph path is not validly percent-encoded');
    }
    if (decoded.split(/[\\/]/).some((part) => part === '.' || part === '..')) {
      throw new TypeError('Graph path must not contain "." or ".." segments');
    }
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters looked for
const NEEDS_WIRE_ENCODING = /[\u0000-\u0020\u007f-\uffff#]/;

/**
 * Percent-encodes only what may not appear on an HTTP request line (controls, space, non-ASCII)
 * and `#` (which would end the URL). Everything else, including existing %XX, is sent as given.
 */
function wireSafe(target: string): string {
  // Nearly every target is plain ASCII already: no need to rebuild it character by character.
  if (!NEEDS_WIRE_ENCODING.test(target)) return target;
  let out = '';
  for (const char of target) {
    const code = char.codePointAt(0) ?? 0;
    out += code <= 0x20 || code >= 0x7f || char === '#' ? encodeURIComponent(char) : char;
  }
  return out;
}
