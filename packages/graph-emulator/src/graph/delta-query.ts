// The query options /users/delta accepts: `$select` (tracked properties), `$filter` made only of
// `id eq '...'` joined by `or` (at most 50), and the `$skiptoken` / `$deltatoken` of its own
// links. `$top`, `$orderby`, `$expand`, `$count` and `$search` are refused with a 400.
// https://learn.microsoft.com/graph/api/user-delta

import type { FilterNode } from '../odata/filter-ast.js';
import { ODataError, odataErrors } from '../odata/odata-error.js';
import { parseQueryOptions } from '../odata/query-options.js';
import { resolveSelect } from '../odata/select.js';
import { USER_PROPERTY_NAMES } from '../odata/user-properties.js';

export const MAX_DELTA_IDS = 50;

/** Properties, and the `manager` relationship, whose changes a round can track. */
const DELTA_SELECTABLE: readonly string[] = [...USER_PROPERTY_NAMES, 'manager'];

export interface DeltaQuery {
  /** Canonical names, or null for the default properties. */
  select: string[] | null;
  /** Lower-cased ids of the id filter, or null. */
  ids: string[] | null;
  skiptoken?: string;
  deltatoken?: string;
}

export function parseDeltaQuery(rawQuery: string): DeltaQuery {
  const options = parseQueryOptions(rawQuery, {
    allowed: ['$select', '$filter', '$skiptoken', '$deltatoken'],
  });
  if (options.skiptoken !== undefined && options.deltatoken !== undefined) {
    throw new ODataError(400, 'Request_BadRequest', 'Specify either $skiptoken or $deltatoken, not both.');
  }
  // Query options are fixed by the initial call; $select with a $skiptoken is not supported.
  if (options.skiptoken !== undefined && (options.select || options.filter)) {
    throw new ODataError(
      400,
      'Request_UnsupportedQuery',
      'Query options cannot be changed in the middle of a delta round; follow the nextLink as returned.',
    );
  }
  return {
    select: options.select
      ? resolveSelect(options.select, { known: DELTA_SELECTABLE, collection: true })
      : null,
    ids: options.filter ? idFilter(options.filter.ast) : null,
    ...(options.skiptoken !== undefined ? { skiptoken: options.skiptoken } : {}),
    ...(options.deltatoken !== undefined ? { deltatoken: options.deltatoken } : {}),
  };
}

function idFilter(ast: FilterNode): string[] {
  const ids: string[] = [];
  collectIds(ast, ids);
  if (ids.length > MAX_DELTA_IDS) {
    throw new ODataError(
      400,
      'Request_UnsupportedQuery',
      `The number of object ids in the filter exceeds the maximum of ${MAX_DELTA_IDS}.`,
    );
  }
  return [...new Set(ids)];
}

function collectIds(node: FilterNode, into: string[]): void {
  if (node.kind === 'or') {
    collectIds(node.left, into);
    collectIds(node.right, into);
    return;
  }
  if (
    node.kind === 'compare' &&
    node.op === 'eq' &&
    node.left.kind === 'property' &&
    node.left.variable === undefined &&
    node.left.path.length === 1 &&
    node.left.path[0]!.toLowerCase() === 'id' &&
    node.right.kind === 'literal' &&
    (node.right.type === 'string' || node.right.type === 'guid')
  ) {
    into.push(String(node.right.value).toLowerCase());
    return;
  }
  if (node.kind === 'compare' && node.left.kind === 'property' && node.left.path[0]?.toLowerCase() !== 'id') {
    throw odataErrors.unsupportedFilterProperty(node.left.path.join('/'));
  }
  throw odataErrors.unsupportedQuery();
}
