// Reads a GET /users (or /users/$count) query through the OData engine: parses the options,
// applies the advanced-query rule (Graph's exact 400s when ConsistencyLevel / $count=true are
// missing), and builds the matcher for $filter and $search.
// https://learn.microsoft.com/graph/aad-advanced-queries

import type { UserRecord } from '../directory/user-record.js';
import { type AdvancedQueryDecision, checkAdvancedQuery } from '../odata/advanced-query.js';
import type { OrderByItem } from '../odata/orderby.js';
import { parseQueryOptions, type QueryOptions } from '../odata/query-options.js';
import { compileSearch } from '../odata/search.js';
import { resolveSelect } from '../odata/select.js';
import { canonicalName, USER_ORDERBY_SUPPORT } from '../odata/user-query-support.js';
import { consistencyLevel, engineQueryText } from './engine-query.js';
import type { GraphContext } from './graph-context.js';
import { expandErrors } from './relationship-errors.js';
import { type ManagerExpansion, parseUserExpand } from './user-expand.js';
import type { UserFilterCompiler } from './user-filter-hook.js';

export interface UsersQuery {
  options: QueryOptions;
  /** Canonical $select names, or undefined for the default properties. */
  select?: string[];
  decision: AdvancedQueryDecision;
  /** Canonical $orderby items, when sorting was asked for. */
  orderby?: OrderByItem[];
  matches: (user: UserRecord) => boolean;
  /** Identifies filter + search, for caches of sorted results. */
  matchKey: string;
  /** `$expand=manager`, when asked for. */
  expand?: ManagerExpansion;
}

export function readUsersQuery(
  ctx: GraphContext,
  compileFilter: UserFilterCompiler,
  segment: 'collection' | '$count' = 'collection',
): UsersQuery {
  const options = parseQueryOptions(engineQueryText(ctx), {
    allowed:
      segment === '$count'
        ? ['$filter', '$search']
        : ['$filter', '$select', '$orderby', '$top', '$skiptoken', '$count', '$search', '$expand'],
  });
  const level = consistencyLevel(ctx);
  // /users/$count is advanced by nature; the gate then judges the rest as with $count=true.
  const decision = checkAdvancedQuery(segment === '$count' ? { ...options, count: true } : options, {
    consistencyLevel: level,
  });
  const expand = segment === 'collection' ? parseUserExpand(options.expand, 'collection') : undefined;
  // $expand is not supported together with advanced queries on the list.
  if (expand && decision.advanced) throw expandErrors.withAdvancedQuery();
  const select = options.select ? resolveSelect(options.select, { collection: true }) : undefined;
  const orderby = options.orderby?.map((item) => ({
    property: canonicalName(USER_ORDERBY_SUPPORT, item.property) ?? item.property,
    direction: item.direction,
  }));
  return {
    options,
    ...(select ? { select } : {}),
    decision,
    ...(orderby ? { orderby } : {}),
    matches: buildMatcher(options, compileFilter, level),
    matchKey: JSON.stringify([options.filter?.text ?? null, options.search?.text ?? null]),
    ...(expand ? { expand } : {}),
  };
}

function buildMatcher(
  options: QueryOptions,
  compileFilter: UserFilterCompiler,
  level: string | undefined,
): (user: UserRecord) => boolean {
  const filter = options.filter
    ? compileFilter(options.filter.ast, {
        text: options.filter.text,
        consistencyLevelEventual: level?.trim().toLowerCase() === 'eventual',
      })
    : undefined;
  const search = options.search ? compileSearch(options.search.ast) : undefined;
  if (filter && search) return (user) => filter(user.props) && search(user.props);
  if (filter) return (user) => filter(user.props);
  if (search) return (user) => search(user.props);
  return () => true;
}
