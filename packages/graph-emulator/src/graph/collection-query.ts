// Reads the query of an in-memory directory collection (`/groups`, a group's members, a user's
// memberOf...) through the OData engine: parses the options against the resource's schema,
// applies the advanced-query rule of an entity set or of a relationship list, and builds the
// matcher, the sort and the projection names. Users have their own reader (users-query.ts), tuned
// for 100,000-user tenants.

import {
  type AdvancedQueryDecision,
  checkAdvancedQuery,
  checkCountSegment,
  checkRelationshipQuery,
} from '../odata/advanced-query.js';
import { compileFilter } from '../odata/filter-evaluator.js';
import type { OrderByItem } from '../odata/orderby.js';
import {
  parseQueryOptions,
  type QueryOptionName,
  type QueryOptions,
  USERS_QUERY_OPTIONS,
} from '../odata/query-options.js';
import type { QuerySchema } from '../odata/query-schema.js';
import { compileSearch } from '../odata/search.js';
import { resolveSelect } from '../odata/select.js';
import { canonicalName } from '../odata/user-query-support.js';
import { consistencyLevel, engineQueryText } from './engine-query.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';

export interface CollectionQuery {
  options: QueryOptions;
  decision: AdvancedQueryDecision;
  /** Canonical `$select` names, or undefined for the default properties. */
  select?: string[];
  /** Canonical `$orderby` items, when sorting was asked for. */
  orderby?: OrderByItem[];
  matches: (subject: object) => boolean;
}

export type CollectionKind =
  /** `/users`, `/groups`: some clauses work by default. */
  | { kind: 'entitySet' }
  /** A navigation property: `$filter`, `$orderby` and casts need the advanced parameters. */
  | { kind: 'relationship'; cast?: string };

const COUNT_OPTIONS: readonly QueryOptionName[] = ['$filter', '$search'];

export function readCollectionQuery(
  ctx: GraphContext,
  schema: QuerySchema,
  collection: CollectionKind,
  segment: 'collection' | '$count' = 'collection',
): CollectionQuery {
  const options = parseQueryOptions(engineQueryText(ctx), {
    allowed: segment === '$count' ? COUNT_OPTIONS : USERS_QUERY_OPTIONS,
    schema,
  });
  const request = { consistencyLevel: consistencyLevel(ctx) };
  if (segment === '$count') checkCountSegment(request);
  // A /$count segment is advanced by nature; the gate then judges the rest as with $count=true.
  const judged = segment === '$count' ? { ...options, count: true } : options;
  const decision =
    collection.kind === 'entitySet'
      ? checkAdvancedQuery(judged, request, schema)
      : checkRelationshipQuery(judged, { ...request, cast: collection.cast }, schema);
  // $expand on these collections is real Graph that the emulator does not implement.
  if (options.expand !== undefined) throw graphErrors.notImplemented();
  const select = options.select
    ? resolveSelect(options.select, {
        known: schema.propertyNames,
        entityType: schema.entityType,
        collection: true,
      })
    : undefined;
  const orderby = options.orderby?.map((item) => ({
    property: canonicalName(schema.orderbySupport, item.property) ?? item.property,
    direction: item.direction,
  }));
  return {
    options,
    decision,
    ...(select ? { select } : {}),
    ...(orderby ? { orderby } : {}),
    matches: buildMatcher(options, schema),
  };
}

function buildMatcher(options: QueryOptions, schema: QuerySchema): (subject: object) => boolean {
  const filter = options.filter ? compileFilter(options.filter.ast) : undefined;
  const search = options.search ? compileSearch(options.search.ast, schema) : undefined;
  return (subject) =>
    (!filter || filter(subject as Readonly<Record<string, unknown>>)) && (!search || search(subject));
}
