// Parses the query string of a Graph call into OData system options. Names are matched
// case-insensitively; beta also accepts them without the `$` prefix.

import type { GraphVersion } from './graph-version.js';

export interface QueryOptions {
  /** Option values by lower-cased name with the `$` (e.g. `$select`). */
  readonly options: ReadonlyMap<string, string>;
  /** The raw query string (without `?`), kept so nextLinks can carry options verbatim. */
  readonly raw: string;
  get(name: string): string | undefined;
}

export function parseQueryOptions(rawQuery: string, version: GraphVersion): QueryOptions {
  const options = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    let key = name.toLowerCase();
    if (version === 'beta' && !key.startsWith('$')) key = `$${key}`;
    options.set(key, value);
  }
  return { options, raw: rawQuery, get: (name) => options.get(name.toLowerCase()) };
}
