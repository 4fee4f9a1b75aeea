// Turns the user-addressing part of a Graph URL into the id or UPN to look up.
// Path form `/users/{id|upn}` (with `%23` for `#`), key form `/users('{upn}')` with `''` for a
// quote; the path form refuses a leading `$` (reserved for system segments such as $count).
// https://learn.microsoft.com/graph/api/user-get

import { GraphError, graphErrors } from './graph-error.js';

export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new GraphError(400, 'BadRequest', `Bad Request - Invalid URL segment '${raw}'.`);
  }
}

/** `users('x')` as one decoded segment: the key, or undefined when the segment is not that form. */
export function keyFormOf(decoded: string, collection: string): string | undefined {
  const prefix = `${collection}(`;
  if (!decoded.toLowerCase().startsWith(prefix) || !decoded.endsWith(')')) return undefined;
  const inner = decoded.slice(prefix.length, -1);
  if (inner.length >= 2 && inner.startsWith("'") && inner.endsWith("'")) {
    return inner.slice(1, -1).replace(/''/g, "'");
  }
  // An unquoted key is only valid for a GUID; anything else is malformed OData.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(inner)) return inner;
  throw graphErrors.badRequest(`Invalid object identifier '${inner}'.`);
}

/** The key of a path-form user segment (`/users/{this}`). */
export function pathFormKey(decoded: string): string {
  // Graph answers 400 because `$` segments are system segments.
  if (decoded.startsWith('$')) throw graphErrors.segmentNotFound(decoded);
  return decoded;
}
