// GET /users (one page) and GET /users/$count, with the OData engine's $filter, $search,
// $orderby, $select, $top and $count, keyset $skiptoken paging (100 by default), and
// @odata.count only on the first page of an advanced query.
// Cost per page: without $orderby one lazy scan from the cursor (plus one full count scan on
// page 1 with $count); with $orderby one sort per tenant state, then a binary search per page.
// https://learn.microsoft.com/graph/api/user-list

import type { UserRecord } from '../directory/user-record.js';
import { checkCountSegment } from '../odata/advanced-query.js';
import { consistencyLevel } from './engine-query.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData, sendText } from './graph-response.js';
import {
  DEFAULT_PAGE_SIZE,
  decodeListCursor,
  invalidSkipToken,
  nextLink,
  type Page,
  takePage,
} from './paging.js';
import { projectUser, selectSuffix } from './select-projection.js';
import { sortedPage, sortedUsers } from './sorted-users.js';
import { expandedManager } from './user-expand.js';
import type { UserFilterCompiler } from './user-filter-hook.js';
import { readUsersQuery } from './users-query.js';

export function listUsers(ctx: GraphContext, compileFilter: UserFilterCompiler) {
  const query = readUsersQuery(ctx, compileFilter);
  const { options, orderby, matches, select } = query;
  const size = options.top ?? DEFAULT_PAGE_SIZE;
  const cursor = decodeListCursor(options.skiptoken);
  // A sorted query's token carries one key per $orderby item; anything else was not ours.
  if ((cursor.keys?.length ?? 0) !== (orderby && options.skiptoken !== undefined ? orderby.length : 0)) {
    throw invalidSkipToken();
  }
  let page: Page<UserRecord> & { nextKeys?: unknown[] };
  let count: number | undefined;
  if (orderby) {
    const sorted = sortedUsers(ctx.tenant, { orderby, key: query.matchKey, matches });
    page = sortedPage(sorted, orderby, cursor, size);
    count = sorted.length;
  } else {
    page = takePage(ctx.tenant.activeUsersAfter(cursor.after), size, matches);
  }
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(ctx, `users${selectSuffix(select)}`),
  };
  // @odata.count needs the header and $count=true, and appears on the first page only.
  if (query.decision.includeCount && options.skiptoken === undefined) {
    body['@odata.count'] = count ?? countMatching(ctx.tenant.activeUsersAfter(0), matches);
  }
  if (page.nextAfter !== undefined)
    body['@odata.nextLink'] = nextLink(ctx, 'users', page.nextAfter, page.nextKeys);
  const { expand } = query;
  body['value'] = page.items.map((user) => {
    const view = projectUser(user.props, select);
    const manager = expand ? expandedManager(ctx.tenant, user, expand) : undefined;
    if (manager) view['manager'] = manager;
    return view;
  });
  return sendOData(ctx.reply, 200, body);
}

export function countUsers(ctx: GraphContext, compileFilter: UserFilterCompiler) {
  checkCountSegment({ consistencyLevel: consistencyLevel(ctx) });
  const { matches } = readUsersQuery(ctx, compileFilter, '$count');
  return sendText(ctx.reply, String(countMatching(ctx.tenant.activeUsersAfter(0), matches)));
}

function countMatching(users: Iterable<UserRecord>, matches: (user: UserRecord) => boolean): number {
  let n = 0;
  for (const user of users) if (matches(user)) n += 1;
  return n;
}
