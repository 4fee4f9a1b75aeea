/**
 * `$orderby`: `prop [asc|desc] (, prop [asc|desc])*`. Which properties may be sorted on, and in
 * which mode, is the advanced-query gate's job (USER_ORDERBY_SUPPORT); this file parses and sorts.
 */
import { readProperty } from './filter-evaluator.js';
import { odataErrors } from './odata-error.js';

export interface OrderByItem {
  /** As written; the gate canonicalizes it. */
  property: string;
  direction: 'asc' | 'desc';
}

const ITEM = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+([A-Za-z]+))?\s*$/;

/** Parses a decoded `$orderby` value. Throws `ODataError` (400) on syntax errors. */
export function parseOrderBy(text: string): OrderByItem[] {
  const items: OrderByItem[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const match = ITEM.exec(part);
    const direction = match?.[2]?.toLowerCase();
    if (!match || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) {
      const detail =
        part.trim() === ''
          ? odataErrors.expressionExpected(offset + part.length, text)
          : odataErrors.syntaxError(offset + part.trimEnd().length, text);
      throw odataErrors.invalidOrderBy(detail);
    }
    items.push({ property: match[1]!, direction: direction === 'desc' ? 'desc' : 'asc' });
    offset += part.length + 1;
  }
  return items;
}

function compareValues(a: unknown, b: unknown): number {
  // OData sorts null before any value in ascending order.
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const left = String(a).toLowerCase();
  const right = String(b).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A comparator for `Array.prototype.sort` (stable, so equal keys keep store order). Strings sort
 * case-insensitively by code unit (Graph does not document its collation).
 */
export function orderByComparator(items: readonly OrderByItem[]): (a: object, b: object) => number {
  const keys = items.map((item) => ({
    path: item.property.split('/'),
    sign: item.direction === 'desc' ? -1 : 1,
  }));
  const read = (subject: object, path: string[]) =>
    path.reduce<unknown>((value, segment) => readProperty(value, segment), subject);
  return (a, b) => {
    for (const { path, sign } of keys) {
      const result = compareValues(read(a, path), read(b, path));
      if (result !== 0) return result * sign;
    }
    return 0;
  };
}
