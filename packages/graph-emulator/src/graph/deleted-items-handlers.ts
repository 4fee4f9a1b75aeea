// directory/deletedItems for users: list soft-deleted users, read one, restore, purge.
// A soft-deleted user keeps its UPN reserved until purged.
// https://learn.microsoft.com/graph/api/directory-deleteditems-list

import type { UserRecord } from '../directory/user-record.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent, sendOData } from './graph-response.js';
import { decodeSkipToken, nextLink, pageSize, takePage } from './paging.js';
import { parseUserSelect, projectUser, selectSuffix } from './select-projection.js';

const USER_TYPE = '#microsoft.graph.user';

export function listDeletedUsers(ctx: GraphContext) {
  const select = parseUserSelect(ctx.query.get('$select'));
  const size = pageSize(ctx.query.get('$top'));
  const after = decodeSkipToken(ctx.query.get('$skiptoken'));
  const page = takePage(ctx.tenant.deletedUsers(), size, (user) => user.ordinal > after);
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(ctx, `directory/deletedItems/microsoft.graph.user${selectSuffix(select)}`),
  };
  if (page.nextAfter !== undefined) {
    body['@odata.nextLink'] = nextLink(ctx, 'directory/deletedItems/microsoft.graph.user', page.nextAfter);
  }
  body['value'] = page.items.map((user) => deletedView(user, select));
  return sendOData(ctx.reply, 200, body);
}

export function getDeletedItem(ctx: GraphContext, id: string) {
  const select = parseUserSelect(ctx.query.get('$select'));
  const user = findDeletedOr404(ctx, id);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directory/deletedItems/$entity'),
    '@odata.type': USER_TYPE,
    ...deletedView(user, select),
  });
}

export function restoreDeletedItem(ctx: GraphContext, id: string) {
  const user = findDeletedOr404(ctx, id);
  ctx.tenant.restoreUser(user);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directoryObjects/$entity'),
    '@odata.type': USER_TYPE,
    ...projectUser(user.props, undefined),
  });
}

export function purgeDeletedItem(ctx: GraphContext, id: string) {
  ctx.tenant.purgeUser(findDeletedOr404(ctx, id));
  return sendNoContent(ctx.reply);
}

function findDeletedOr404(ctx: GraphContext, id: string): UserRecord {
  const user = ctx.tenant.findDeletedUser(id);
  if (!user) throw graphErrors.notFound(id);
  return user;
}

function deletedView(user: UserRecord, select: readonly string[] | undefined): Record<string, unknown> {
  const props = { ...user.props, deletedDateTime: user.deletedDateTime };
  const view = projectUser(props, select);
  if (!select) view['deletedDateTime'] = user.deletedDateTime ?? null;
  return view;
}
