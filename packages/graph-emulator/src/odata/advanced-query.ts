/**
 * The advanced-query rule for directory objects (https://learn.microsoft.com/graph/aad-advanced-queries):
 * decides whether a query needs `ConsistencyLevel: eventual` + `$count=true`, and answers Graph's
 * 400 when they are missing. Property/operator pairs come from the resource's QuerySchema.
 *
 * Two kinds of collection follow different rules:
 * - entity sets (`/users`, `/groups`): some clauses work by default, others only in advanced mode;
 * - relationship lists (`/groups/{id}/members`, `/users/{id}/memberOf`...): `$filter`, `$orderby`
 *   and OData casts always need the advanced parameters ("This header and $count are required when
 *   using the $search, $filter, $orderby, or OData cast query parameters", group-list-memberof).
 *
 * Order of checks (Graph does not document its order; this one reports the most specific cause):
 *   1. bind `$filter` and `$orderby` (unknown property, type mismatch, never-supported pair);
 *   2. `$search` without the header;
 *   3. without advanced parameters: the first filter operation needing them, then an advanced-only
 *      sort property, then `$filter` combined with `$orderby` (relationship lists: any `$filter`,
 *      any `$orderby`, any cast).
 * `$count=true` without the header is silently ignored (200, no `@odata.count`).
 */
import { analyzeFilter, type FilterUsage } from './filter-usage.js';
import { type ODataError, odataErrors } from './odata-error.js';
import type { QueryOptions } from './query-options.js';
import type { QuerySchema } from './query-schema.js';
import { canonicalName, filterSupport, type SupportLevel, USER_QUERY_SCHEMA } from './user-query-support.js';

export interface AdvancedQueryRequest {
  /** The `ConsistencyLevel` request header, if any (compared case-insensitively). */
  consistencyLevel?: string | undefined;
}

export interface AdvancedQueryDecision {
  /** The request runs in advanced mode (header + `$count=true`, or header + `$search`). */
  advanced: boolean;
  /** Put `@odata.count` on the first page. */
  includeCount: boolean;
}

/** Why a query needs advanced parameters; empty when it runs by default. */
export type AdvancedReason =
  | { kind: 'search' }
  | { kind: 'count' }
  | { kind: 'filter'; property: string; operation: FilterUsage['operation'] }
  | { kind: 'orderby'; property: string }
  | { kind: 'filter-and-orderby' };

export function isEventual(request: AdvancedQueryRequest): boolean {
  return request.consistencyLevel?.trim().toLowerCase() === 'eventual';
}

function filterUsageLevel(usage: FilterUsage, schema: QuerySchema): SupportLevel {
  if (usage.operation === 'count') return 'advanced';
  const level = filterSupport(schema.filterSupport[usage.property]!, usage.operation);
  if (level === undefined) throw odataErrors.unsupportedFilterProperty(usage.property, schema.resource);
  return level;
}

/** Canonical sortable properties with their level; throws for unknown or never-sortable ones. */
function bindOrderBy(
  options: QueryOptions,
  schema: QuerySchema,
  advancedActive: boolean,
): Array<[string, SupportLevel]> {
  const known = Object.fromEntries(schema.propertyNames.map((n) => [n, true]));
  return (options.orderby ?? []).map((item) => {
    const sortable = canonicalName(schema.orderbySupport, item.property);
    if (sortable !== undefined) return [sortable, schema.orderbySupport[sortable]!];
    const name = canonicalName(known, item.property);
    if (name === undefined) throw odataErrors.unknownProperty(item.property, schema.entityType);
    // Advanced mode says "An unsupported property was specified."; default mode names the property.
    throw advancedActive
      ? odataErrors.unsupportedProperty()
      : odataErrors.unsupportedSortProperty(name, schema.resource);
  });
}

/**
 * Every reason the query needs advanced parameters. Throws `ODataError` when the query is invalid
 * regardless of mode (unknown property, unsupported operator/property pair, bad literal type).
 */
export function advancedQueryReasons(
  options: QueryOptions,
  schema: QuerySchema = USER_QUERY_SCHEMA,
): AdvancedReason[] {
  const reasons: AdvancedReason[] = [];
  const usages = options.filter ? analyzeFilter(options.filter.ast, schema) : [];
  for (const usage of usages) {
    if (filterUsageLevel(usage, schema) === 'advanced') {
      reasons.push({ kind: 'filter', property: usage.property, operation: usage.operation });
    }
  }
  for (const [property, level] of bindOrderBy(options, schema, true)) {
    if (level === 'advanced') reasons.push({ kind: 'orderby', property });
  }
  if (options.filter && options.orderby) reasons.push({ kind: 'filter-and-orderby' });
  if (options.search) reasons.push({ kind: 'search' });
  if (options.count) reasons.push({ kind: 'count' });
  return reasons;
}

function errorForFilterReason(
  reason: Extract<AdvancedReason, { kind: 'filter' }>,
  schema: QuerySchema,
): ODataError {
  switch (reason.operation) {
    case 'ne':
      return odataErrors.notEqualsNeedsAdvanced();
    case 'not':
      return odataErrors.notNeedsAdvanced();
    case 'endsWith':
      return odataErrors.endsWithNeedsAdvanced();
    case 'count':
      return odataErrors.countNotSupported();
    default:
      // Advanced-only property/operator pairs (companyName eq, eq null...).
      return odataErrors.unsupportedFilterProperty(reason.property, schema.resource);
  }
}

/**
 * Applies the rule to a parsed query on an entity set (`/users`, `/groups`). Returns the mode to
 * run in, or throws the `ODataError` Graph answers with.
 */
export function checkAdvancedQuery(
  options: QueryOptions,
  request: AdvancedQueryRequest,
  schema: QuerySchema = USER_QUERY_SCHEMA,
): AdvancedQueryDecision {
  const eventual = isEventual(request);
  const advancedActive = eventual && options.count === true;
  if (options.orderby) bindOrderBy(options, schema, advancedActive);
  const reasons = advancedQueryReasons(options, schema);
  if (options.search && !eventual) throw odataErrors.searchNeedsConsistencyLevel();
  if (!advancedActive) {
    const filterReason = reasons.find((r) => r.kind === 'filter');
    if (filterReason) throw errorForFilterReason(filterReason, schema);
    const orderReason = reasons.find((r) => r.kind === 'orderby');
    if (orderReason) throw odataErrors.unsupportedSortProperty(orderReason.property, schema.resource);
    if (reasons.some((r) => r.kind === 'filter-and-orderby')) throw odataErrors.sortingNeedsAdvanced();
  }
  return {
    advanced: advancedActive || (eventual && options.search !== undefined),
    includeCount: advancedActive,
  };
}

/**
 * The rule for a relationship list: the query binds against the schema as usual, then `$filter`,
 * `$orderby` and an OData cast need both advanced parameters, `$search` the header.
 */
export function checkRelationshipQuery(
  options: QueryOptions,
  request: AdvancedQueryRequest & { cast?: string | undefined },
  schema: QuerySchema,
): AdvancedQueryDecision {
  const eventual = isEventual(request);
  const advancedActive = eventual && options.count === true;
  if (options.orderby) bindOrderBy(options, schema, advancedActive);
  advancedQueryReasons(options, schema);
  if (options.search && !eventual) throw odataErrors.searchNeedsConsistencyLevel();
  if (!advancedActive) {
    if (options.filter) throw odataErrors.referenceFilterNeedsAdvanced();
    if (options.orderby) throw odataErrors.sortingNeedsAdvanced();
    if (request.cast !== undefined) throw odataErrors.castNeedsAdvanced(request.cast);
  }
  return {
    advanced: advancedActive || (eventual && options.search !== undefined),
    includeCount: advancedActive,
  };
}

/** A `/$count` segment needs the header. */
export function checkCountSegment(request: AdvancedQueryRequest): void {
  if (!isEventual(request)) throw odataErrors.countNotSupported();
}
