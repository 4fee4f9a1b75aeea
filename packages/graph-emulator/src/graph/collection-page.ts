// One page of a small, in-memory collection (members, memberOf, groups): `$top` and an opaque
// `$skiptoken` holding the offset, with the same limits and links as /users.
// https://learn.microsoft.com/graph/paging

import type { GraphContext } from './graph-context.js';
import { decodeSkipToken, nextLink, pageSize } from './paging.js';

export interface CollectionPage<T> {
  items: T[];
  nextLink?: string;
}

export function pageOf<T>(ctx: GraphContext, items: readonly T[]): CollectionPage<T> {
  const size = pageSize(ctx.query.get('$top'));
  const offset = decodeSkipToken(ctx.query.get('$skiptoken'));
  const page = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { items: page };
  return { items: page, nextLink: nextLink(ctx, ctx.rawSegments.join('/'), offset + size) };
}
