// GET /users (one page, $select/$top/$skiptoken/$filter/$count) and GET /users/$count.
// $orderby and $search wait for the OData engine (src/emulator/odata/) and answer 501.
// @see reference/graph-api.md sections 3.3-3.5.

import type { UserRecord } from '../directory/user-record.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendOData, sendText } from './graph-response.js';
import { decodeSkipToken, nextLink, pageSize, takePage } from './paging.js';
import { parseUserSelect, projectUser, selectSuffix } from './select-projection.js';
import type { UserFilterCompiler } from './user-filter-hook.js';

export function listUsers(ctx: GraphContext, compileFilter: UserFilterCompiler) {
  const select = parseUserSelect(ctx.query.get('$select'));
  const size = pageSize(ctx.query.get('$top'));
  const eventual = isEventual(ctx);
  if (ctx.query.get('$search') !== undefined) {
    if (!eventual) {
      throw graphErrors.unsupportedQuery(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    }
    throw graphErrors.notImplemented();
  }
  if (ctx.query.get('$orderby') !== undefined) throw graphErrors.notImplemented();
  const matches = userMatcher(ctx, compileFilter, eventual);
  const skipToken = ctx.query.get('$skiptoken');
  const page = takePage(ctx.tenant.activeUsersAfter(decodeSkipToken(skipToken)), size, matches);
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(ctx, `users${selectSuffix(select)}`),
  };
  // @odata.count needs the header and $count=true, and appears on the first page only.
  if (eventual && ctx.query.get('$count') === 'true' && skipToken === undefined) {
    body['@odata.count'] = countMatching(ctx.tenant.activeUsersAfter(0), matches);
  }
  if (page.nextAfter !== undefined) body['@odata.nextLink'] = nextLink(ctx, 'users', page.nextAfter);
  body['value'] = page.items.map((user) => projectUser(user.props, select));
  return sendOData(ctx.reply, 200, body);
}

export function countUsers(ctx: GraphContext, compileFilter: UserFilterCompiler) {
  const eventual = isEventual(ctx);
  if (!eventual) throw graphErrors.badRequest('$count is not currently supported.');
  return sendText(
    ctx.reply,
    String(countMatching(ctx.tenant.activeUsersAfter(0), userMatcher(ctx, compileFilter, eventual))),
  );
}

function userMatcher(ctx: GraphContext, compileFilter: UserFilterCompiler, eventual: boolean) {
  const filter = ctx.query.get('$filter');
  if (filter === undefined) return () => true;
  const predicate = compileFilter(filter, { consistencyLevelEventual: eventual });
  return (user: UserRecord) => predicate(user.props);
}

function countMatching(users: Iterable<UserRecord>, matches: (user: UserRecord) => boolean): number {
  let n = 0;
  for (const user of users) if (matches(user)) n += 1;
  return n;
}

function isEventual(ctx: GraphContext): boolean {
  const header = ctx.request.headers['consistencylevel'];
  return typeof header === 'string' && header.toLowerCase() === 'eventual';
}
