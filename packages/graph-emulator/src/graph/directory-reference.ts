// The object a `$ref` body or an `@odata.bind` entry points at:
// `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (or `users/{id}`, `groups/{id}`).
// https://learn.microsoft.com/graph/api/group-post-members

import { membershipErrors } from './group-license-errors.js';
import { isGuid } from './object-id.js';

/** Entity sets a reference may name; Graph documents directoryObjects and users. */
const REFERENCE_URL = /\/(?:v1\.0|beta)\/(?:directoryObjects|users|groups)\/([^/]+)$/i;

/** The lower-cased object id of one reference URL. */
export function idFromReference(ref: string): string {
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw membershipErrors.invalidReference(ref);
  }
  const match = REFERENCE_URL.exec(url.pathname);
  if (!match || url.search || url.hash) {
    throw membershipErrors.invalidReference(ref);
  }
  const id = decodeURIComponent(match[1]!);
  if (!isGuid(id)) throw membershipErrors.invalidObjectId(id);
  return id.toLowerCase();
}

/** The object id in `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`. */
export function referencedId(body: unknown): string {
  const ref =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.id'] : undefined;
  if (typeof ref !== 'string') {
    throw membershipErrors.missingReference();
  }
  return idFromReference(ref);
}
