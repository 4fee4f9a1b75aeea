// What one Graph request costs in the identity service's throttling model: resource units (RU)
// and write units. Base cost by target, then the query modifiers.
// https://learn.microsoft.com/graph/throttling-limits (identity and access service)

export interface RequestCost {
  resourceUnits: number;
  writes: number;
}

/** Read operations priced by their last path segment (POST actions that only read included). */
const READ_COSTS: Record<string, number> = {
  users: 2,
  subscribedskus: 3,
  members: 3,
  transitivemembers: 5,
  memberof: 2,
  transitivememberof: 2,
  getmembergroups: 2,
  getmemberobjects: 2,
  licensedetails: 2,
  checkmembergroups: 4,
  checkmemberobjects: 4,
  ismemberof: 4,
};
const READ_ACTIONS = new Set([
  'getmembergroups',
  'getmemberobjects',
  'checkmembergroups',
  'checkmemberobjects',
  'ismemberof',
]);

/**
 * `path` is below the version root (`/users/abc/memberOf`), `query` the raw query string.
 * `GET /users/{id}` is priced like `GET /users` (the table prices the resource, and `me/...` is
 * priced like `users/{id}/...`), and `/users/delta` costs the same as `/users`.
 */
export function requestCost(method: string, path: string, query: string): RequestCost {
  const segments = path
    .toLowerCase()
    .split('/')
    .filter((segment) => segment !== '' && segment !== '$ref' && segment !== '$count' && segment !== 'delta');
  const last = segments.at(-1) ?? '';
  const userTarget = segments[0] === 'users' && segments.length <= 2;
  const verb = method.toUpperCase();
  const action = READ_ACTIONS.has(last);
  if (verb !== 'GET' && !action) return { resourceUnits: 1, writes: 1 };
  const base = READ_COSTS[last] ?? (userTarget ? 2 : 1);
  return { resourceUnits: Math.max(1, base + modifiers(query)), writes: 0 };
}

/** `$select` -1, `$expand` +1, `$top` under 20 -1. */
function modifiers(query: string): number {
  const params = new URLSearchParams(query);
  let delta = 0;
  if (params.has('$select')) delta -= 1;
  if (params.has('$expand')) delta += 1;
  const top = params.get('$top');
  if (top !== null && Number(top) < 20) delta -= 1;
  return delta;
}
