/**
 * The advanced-query rule for `GET /users` (https://learn.microsoft.com/graph/aad-advanced-queries): decides whether a query
 * needs `ConsistencyLevel: eventual` + `$count=true`, and answers Graph's exact 400 when they are
 * missing. Property/operator pairs come from USER_FILTER_SUPPORT / USER_ORDERBY_SUPPORT.
 *
 * Order of checks (Graph does not document its order; this one reports the most specific cause):
 *   1. bind `$filter` and `$orderby` (unknown property, type mismatch, never-supported pair);
 *   2. `$search` without the header;
 *   3. without advanced parameters: the first filter operation needing them, then an advanced-only
 *      sort property, then `$filter` combined with `$orderby`.
 * `$count=true` without the header is silently ignored (200, no `@odata.count`).
 */
import { analyzeUserFilter, type FilterUsage } from './filter-usage.js';
import { type ODataError, odataErrors } from './odata-error.js';
import type { QueryOptions } from './query-options.js';
import { USER_PROPERTY_NAMES } from './user-properties.js';
import {
  canonicalName,
  filterSupport,
  type SupportLevel,
  USER_FILTER_SUPPORT,
  USER_ORDERBY_SUPPORT,
} from './user-query-support.js';

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

const KNOWN_USER_PROPERTIES: Record<string, true> = Object.fromEntries(
  USER_PROPERTY_NAMES.map((n) => [n, true]),
);

function filterUsageLevel(usage: FilterUsage): SupportLevel {
  if (usage.operation === 'count') return 'advanced';
  const level = filterSupport(USER_FILTER_SUPPORT[usage.property]!, usage.operation);
  if (level === undefined) throw odataErrors.unsupportedFilterProperty(usage.property);
  return level;
}

/** Canonical sortable properties with their level; throws for unknown or never-sortable ones. */
function bindOrderBy(options: QueryOptions, advancedActive: boolean): Array<[string, SupportLevel]> {
  return (options.orderby ?? []).map((item) => {
    const sortable = canonicalName(USER_ORDERBY_SUPPORT, item.property);
    if (sortable !== undefined) return [sortable, USER_ORDERBY_SUPPORT[sortable]!];
    const known = canonicalName(KNOWN_USER_PROPERTIES, item.property);
    if (known === undefined) throw odataErrors.unknownProperty(item.property);
    // Advanced mode says "An unsupported property was specified."; default mode names the property.
    throw advancedActive ? odataErrors.unsupportedProperty() : odataErrors.unsupportedSortProperty(known);
  });
}

/**
 * Every reason the query needs advanced parameters. Throws `ODataError` when the query is invalid
 * regardless of mode (unknown property, unsupported operator/property pair, bad literal type).
 */
export function advancedQueryReasons(options: QueryOptions): AdvancedReason[] {
  const reasons: AdvancedReason[] = [];
  const usages = options.filter ? analyzeUserFilter(options.filter.ast) : [];
  for (const usage of usages) {
    if (filterUsageLevel(usage) === 'advanced') {
      reasons.push({ kind: 'filter', property: usage.property, operation: usage.operation });
    }
  }
  for (const [property, level] of bindOrderBy(options, true)) {
    if (level === 'advanced') reasons.push({ kind: 'orderby', property });
  }
  if (options.filter && options.orderby) reasons.push({ kind: 'filter-and-orderby' });
  if (options.search) reasons.push({ kind: 'search' });
  if (options.count) reasons.push({ kind: 'count' });
  return reasons;
}

function errorForFilterReason(reason: Extract<AdvancedReason, { kind: 'filter' }>): ODataError {
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
      return odataErrors.unsupportedFilterProperty(reason.property);
  }
}

/**
 * Applies the rule to a parsed `/users` query. Returns the mode to run in, or throws the
 * `ODataError` Graph answers with.
 */
export function checkAdvancedQuery(
  options: QueryOptions,
  request: AdvancedQueryRequest,
): AdvancedQueryDecision {
  const eventual = request.consistencyLevel?.trim().toLowerCase() === 'eventual';
  const advancedActive = eventual && options.count === true;
  if (options.orderby) bindOrderBy(options, advancedActive);
  const reasons = advancedQueryReasons(options);
  if (options.search && !eventual) throw odataErrors.searchNeedsConsistencyLevel();
  if (!advancedActive) {
    const filterReason = reasons.find((r) => r.kind === 'filter');
    if (filterReason) throw errorForFilterReason(filterReason);
    const orderReason = reasons.find((r) => r.kind === 'orderby');
    if (orderReason) throw odataErrors.unsupportedSortProperty(orderReason.property);
    if (reasons.some((r) => r.kind === 'filter-and-orderby')) throw odataErrors.sortingNeedsAdvanced();
  }
  return {
    advanced: advancedActive || (eventual && options.search !== undefined),
    includeCount: advancedActive,
  };
}

/** `GET /users/$count` needs the header. */
export function checkCountSegment(request: AdvancedQueryRequest): void {
  if (request.consistencyLevel?.trim().toLowerCase() !== 'eventual') throw odataErrors.countNotSupported();
}
