/**
 * Paths that reach one user or group, whatever form its key takes: Graph addresses a user by
 * object id or by userPrincipalName (`/users/{id | userPrincipalName}`).
 * @see https://learn.microsoft.com/graph/api/user-get
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Percent-encodes a key for one path segment. `@` stays readable (Graph's docs show it raw);
 * `#` must become %23 or guests' `#EXT#` UPNs are cut at the fragment.
 */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

/**
 * `/users/{id}` for object ids and ordinary UPNs. A UPN starting with `$` must use key syntax,
 * `/users('$x@y.com')`, because a path segment starting with `$` is read as a system segment
 * (`$count`, `$ref`); inside the quotes `'` is doubled, as in any OData string literal.
 * Empty and dot-only ids also take the key form, so they can only ever name one (missing) user.
 */
export function userPath(userId: string): string {
  if (GUID.test(userId)) return `/users/${userId}`;
  // Empty or dot-only ids would otherwise address the collection or climb out of it.
  if (userId.startsWith('$') || /^\.*$/.test(userId)) {
    const literal = userId.replace(/'/g, "''");
    return `/users('${encodeSegment(literal).replace(/%24/g, '$')}')`;
  }
  return `/users/${encodeSegment(userId)}`;
}

/** Groups are addressed by object id only; anything else is still encoded so it cannot alter the path. */
export function groupPath(groupId: string): string {
  return `/groups/${encodeSegment(groupId)}`;
}
