/**
 * Graph's paging and delta links (`@odata.nextLink`, `@odata.deltaLink`) are absolute URLs. They
 * are followed only when they point back under our own Graph origin and version root, so a
 * tampered or unexpected link can never make us send a token elsewhere. Their path and query must
 * be validly percent-encoded too: whoever reads a token out of a link decodes it.
 */
import { badRequest } from '../errors/problem.js';

export interface RelativeGraphLink {
  /** Path below the version root, e.g. `/users/delta`. */
  path: string;
  /** Query string as Graph wrote it, without `?`. */
  query: string;
}

export function relativeGraphLink(
  link: string,
  graphBaseUrl: string,
  apiVersion: string,
): RelativeGraphLink | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const base = new URL(graphBaseUrl);
  const root = `${base.pathname.replace(/\/+$/, '')}/${apiVersion}/`;
  if (url.origin !== base.origin || !url.pathname.startsWith(root) || url.username || url.password)
    return null;
  if (!decodes(url.pathname) || !decodes(url.search) || hasEncodedDotSegment(url.pathname)) return null;
  return { path: url.pathname.slice(root.length - 1), query: url.search.replace(/^\?/, '') };
}

/** `/users/delta?$deltatoken=...`: the form links are stored in, independent of the origin. */
export function formatRelativeLink(link: RelativeGraphLink): string {
  return `${link.path}${link.query ? `?${link.query}` : ''}`;
}

/** A link in its stored form; one whose percent-escapes do not decode is the caller's 400. */
export function parseRelativeLink(text: string): RelativeGraphLink {
  if (!decodes(text)) {
    throw badRequest(
      'INVALID_CURSOR_LINK',
      'The cursor link has a "%" that does not start a valid percent-encoding; PUT a valid link or DELETE the cursor.',
      [{ path: '/link', message: 'is not validly percent-encoded' }],
    );
  }
  const cut = text.indexOf('?');
  return cut < 0 ? { path: text, query: '' } : { path: text.slice(0, cut), query: text.slice(cut + 1) };
}

/** The absolute form of a relative link, as Graph would have written it. */
export function absoluteGraphLink(link: RelativeGraphLink, graphBaseUrl: string, apiVersion: string): string {
  return `${graphBaseUrl.replace(/\/+$/, '')}/${apiVersion}${formatRelativeLink(link)}`;
}

/**
 * `..%2f` or `%2e%2e%2f` inside a segment: the URL parser leaves them alone, but whoever decodes
 * the path later climbs out of where the link seemed to point.
 */
function hasEncodedDotSegment(path: string): boolean {
  return path.split('/').some(
    (segment) =>
      segment.includes('%') &&
      decodeURIComponent(segment)
        .split(/[\\/]/)
        .some((part) => part === '.' || part === '..'),
  );
}

/** Whether every %-escape in the text decodes (to UTF-8), so decoding any part of it cannot throw. */
function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}
