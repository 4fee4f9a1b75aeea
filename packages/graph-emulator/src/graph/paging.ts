// Opaque $skiptoken values and nextLinks of collections. The token is a keyset cursor: the
// creation ordinal of the last item served and, under $orderby, its sort key values. Pages
// therefore stay stable while users are created, changed or deleted between calls: nothing
// still present is skipped or repeated.
// https://learn.microsoft.com/graph/paging

import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;
// A recognizable prefix keeps tokens looking like Graph's opaque `RFNwdAIAAQAAA...` blobs.
const PREFIX = 'RFNwd';

export interface ListCursor {
  /** Creation ordinal of the last item served (0 before the first page). */
  after: number;
  /** Sort key values of the last item served, one per $orderby item. */
  keys?: unknown[];
}

export function encodeSkipToken(afterOrdinal: number, keys?: unknown[]): string {
  const body = keys ? { v: 1, a: afterOrdinal, k: keys } : { v: 1, a: afterOrdinal };
  return `${PREFIX}${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
}

export function decodeListCursor(token: string | undefined): ListCursor {
  if (token === undefined) return { after: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as {
      a?: unknown;
      k?: unknown;
    };
    const after = parsed.a;
    const keysOk = parsed.k === undefined || Array.isArray(parsed.k);
    if (token.startsWith(PREFIX) && Number.isSafeInteger(after) && (after as number) >= 0 && keysOk) {
      return parsed.k === undefined
        ? { after: after as number }
        : { after: after as number, keys: parsed.k as unknown[] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidSkipToken();
}

/** The ordinal cursor of collections without $orderby. */
export function decodeSkipToken(token: string | undefined): number {
  return decodeListCursor(token).after;
}

// A tampered or foreign skiptoken.
export const invalidSkipToken = () => graphErrors.badRequest('Invalid paging token.');

export function pageSize(top: string | undefined): number {
  if (top === undefined) return DEFAULT_PAGE_SIZE;
  const n = /^\d+$/.test(top) ? Number(top) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE)) {
    throw graphErrors.unsupportedQuery(
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return n;
}

/** The same URL with every option kept verbatim except $skiptoken, which is replaced. */
export function nextLink(ctx: GraphContext, path: string, afterOrdinal: number, keys?: unknown[]): string {
  const kept = ctx.query.raw
    .split('&')
    .filter((part) => part.length > 0 && !/^(%24|\$)?skiptoken=/i.test(part));
  kept.push(`$skiptoken=${encodeSkipToken(afterOrdinal, keys)}`);
  return `${ctx.origin}/${ctx.version}/${path}?${kept.join('&')}`;
}

export interface Page<T> {
  items: T[];
  /** Set when more items follow: the cursor for the next page. */
  nextAfter?: number;
}

/** Takes up to `size` matching records from an ordinal-ordered sequence (one look-ahead). */
export function takePage<T extends { ordinal: number }>(
  records: Iterable<T>,
  size: number,
  matches: (record: T) => boolean,
): Page<T> {
  const items: T[] = [];
  for (const record of records) {
    if (!matches(record)) continue;
    if (items.length === size) return { items, nextAfter: items[items.length - 1]!.ordinal };
    items.push(record);
  }
  return { items };
}
