/**
 * Splits a raw query string into Graph's system query options and parses each one.
 *
 * Rules (https://learn.microsoft.com/graph/query-parameters):
 * - option names are case-insensitive (`$FILTER` works); names without `$` are custom parameters
 *   Graph ignores, so they are ignored here;
 * - `+` means space and values are percent-decoded exactly once (`%23EXT%23` becomes `#EXT#`,
 *   `%2B` stays a literal `+`);
 * - an empty value (`$filter=`) counts as absent; the same option twice is a 400;
 * - `$top` must be an integer in 1..999; `$count` must be true/false;
 * - a `$`-option the route does not support is a 400 (`$skip` has its own message).
 */
import type { FilterNode } from './filter-ast.js';
import { parseFilter } from './filter-parser.js';
import { odataErrors } from './odata-error.js';
import { type OrderByItem, parseOrderBy } from './orderby.js';
import type { QuerySchema } from './query-schema.js';
import { parseSearch, type SearchNode } from './search.js';
import { parseSelect } from './select.js';
import { USER_QUERY_SCHEMA } from './user-query-support.js';

export interface QueryOptions {
  filter?: { text: string; ast: FilterNode };
  /** Names as written; resolve them with `resolveSelect`. */
  select?: string[];
  orderby?: OrderByItem[];
  top?: number;
  skiptoken?: string;
  deltatoken?: string;
  /** `$count=true|false`; whether it takes effect is the advanced-query gate's call. */
  count?: boolean;
  search?: { text: string; ast: SearchNode };
  /** Kept raw: the emulator does not implement `$expand` on users. */
  expand?: string;
}

export type QueryOptionName =
  | '$filter'
  | '$select'
  | '$orderby'
  | '$top'
  | '$skiptoken'
  | '$deltatoken'
  | '$count'
  | '$search'
  | '$expand';

/** What `GET /users` (and every other directory collection) accepts: no `$skip`, `$skiptoken` only from nextLinks. */
export const USERS_QUERY_OPTIONS: readonly QueryOptionName[] = [
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skiptoken',
  '$count',
  '$search',
  '$expand',
];

export interface ParseQueryOptionsSettings {
  /** Options the route accepts; default USERS_QUERY_OPTIONS (delta passes its own list). */
  allowed?: readonly QueryOptionName[];
  /** The resource `$search` clauses name properties of; default: users. */
  schema?: QuerySchema;
}

/** Percent-decodes once; a malformed `%` sequence is kept as written rather than failing. */
export function decodeQueryComponent(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function parseTop(raw: string): number {
  if (!/^\d+$/.test(raw)) throw odataErrors.invalidTop(raw);
  const top = Number(raw);
  if (top < 1 || top > 999) throw odataErrors.invalidPageSize(raw);
  return top;
}

function parseCount(raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw odataErrors.invalidCount(raw);
}

function applyOption(options: QueryOptions, name: QueryOptionName, value: string, schema: QuerySchema): void {
  switch (name) {
    case '$filter':
      options.filter = { text: value, ast: parseFilter(value) };
      return;
    case '$select':
      options.select = parseSelect(value);
      return;
    case '$orderby':
      options.orderby = parseOrderBy(value);
      return;
    case '$top':
      options.top = parseTop(value);
      return;
    case '$skiptoken':
      options.skiptoken = value;
      return;
    case '$deltatoken':
      options.deltatoken = value;
      return;
    case '$count':
      options.count = parseCount(value);
      return;
    case '$search':
      options.search = { text: value, ast: parseSearch(value, schema) };
      return;
    case '$expand':
      options.expand = value;
      return;
  }
}

const ALL_OPTIONS: ReadonlySet<string> = new Set<QueryOptionName>([
  '$filter',
  '$select',
  '$orderby',
  '$top',
  '$skiptoken',
  '$deltatoken',
  '$count',
  '$search',
  '$expand',
]);

/**
 * Parses `?$filter=...&$top=5` (leading `?` optional). Throws `ODataError` with Graph's status,
 * code and message for the first problem found, in query-string order.
 */
export function parseQueryOptions(raw: string, settings: ParseQueryOptionsSettings = {}): QueryOptions {
  const allowed = new Set<string>(settings.allowed ?? USERS_QUERY_OPTIONS);
  const options: QueryOptions = {};
  const seen = new Set<string>();
  const query = raw.startsWith('?') ? raw.slice(1) : raw;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq)).trim();
    if (!name.startsWith('$')) continue;
    const lower = name.toLowerCase();
    if (!allowed.has(lower)) {
      throw lower === '$skip' ? odataErrors.skipNotSupported() : odataErrors.unknownOption(name);
    }
    if (seen.has(lower)) throw odataErrors.duplicateOption(lower);
    seen.add(lower);
    const value = decodeQueryComponent(eq < 0 ? '' : part.slice(eq + 1));
    if (value.trim() !== '' && ALL_OPTIONS.has(lower)) {
      applyOption(options, lower as QueryOptionName, value, settings.schema ?? USER_QUERY_SCHEMA);
    }
  }
  return options;
}
