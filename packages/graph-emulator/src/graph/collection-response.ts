// Answers a query over an in-memory collection: match, sort (stable, so ties keep the
// collection's own order), page with an opaque `$skiptoken`, and `@odata.count` on the first page
// of an advanced query; or, for a `/$count` segment, the matching number as text/plain.

import { orderByComparator } from '../odata/orderby.js';
import { pageOf } from './collection-page.js';
import type { CollectionQuery } from './collection-query.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData, sendText } from './graph-response.js';

export interface CollectionSource<T> {
  items: readonly T[];
  /** What `$filter`, `$search` and `$orderby` read. */
  subject: (item: T) => object;
  project: (item: T, select: readonly string[] | undefined) => Record<string, unknown>;
  /** `users`, `groups`, `directoryObjects`...; the `$select` suffix is added here. */
  entitySet: string;
}

function matching<T>(query: CollectionQuery, source: CollectionSource<T>): T[] {
  const found = source.items.filter((item) => query.matches(source.subject(item)));
  if (!query.orderby) return found;
  const compare = orderByComparator(query.orderby);
  return found
    .map((item) => ({ item, subject: source.subject(item) }))
    .sort((a, b) => compare(a.subject, b.subject))
    .map((entry) => entry.item);
}

export function sendCollection<T>(ctx: GraphContext, query: CollectionQuery, source: CollectionSource<T>) {
  const found = matching(query, source);
  const page = pageOf(ctx, found);
  const suffix = query.select ? `(${query.select.join(',')})` : '';
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(ctx, `${source.entitySet}${suffix}`),
  };
  if (query.decision.includeCount && query.options.skiptoken === undefined)
    body['@odata.count'] = found.length;
  if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
  body['value'] = page.items.map((item) => source.project(item, query.select));
  return sendOData(ctx.reply, 200, body);
}

export function sendCollectionCount<T>(
  ctx: GraphContext,
  query: CollectionQuery,
  source: CollectionSource<T>,
) {
  return sendText(ctx.reply, String(matching(query, source).length));
}
