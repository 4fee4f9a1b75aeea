// Opaque $skiptoken values and nextLinks. The token is a cursor (the last creation ordinal
// served), so pages stay stable while users are created or deleted between calls.
// @see reference/graph-api.md section 3.3.

import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

export function encodeSkipToken(afterOrdinal: number): string {
  // A recognizable prefix keeps tokens looking like Graph's opaque `RFNwdAIAAQAAA...` blobs.
  return `RFNwd${Buffer.from(JSON.stringify({ v: 1, a: afterOrdinal })).toString('base64url')}`;
}

export function decodeSkipToken(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(5), 'base64url').toString('utf8'));
    const after = (parsed as { a?: unknown }).a;
    if (token.startsWith('RFNwd') && typeof after === 'number' && Number.isInteger(after) && after >= 0)
      return after;
  } catch {
    // fall through to the error below
  }
  // UNCONFIRMED wording for a tampered or foreign skiptoken.
  throw graphErrors.badRequest('Invalid paging token.');
}

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
export function nextLink(ctx: GraphContext, path: string, afterOrdinal: number): string {
  const kept = ctx.query.raw
    .split('&')
    .filter((part) => part.length > 0 && !/^(%24|\$)?skiptoken=/i.test(part));
  kept.push(`$skiptoken=${encodeSkipToken(afterOrdinal)}`);
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
