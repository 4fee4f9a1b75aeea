// directory/deletedItems: soft-deleted users and Microsoft 365 groups, listed by type, read, restored
// and purged. A soft-deleted user keeps its UPN reserved until purged; a restored group gets its
// members and owners back. https://learn.microsoft.com/graph/api/directory-deleteditems-list,
// https://learn.microsoft.com/graph/api/directory-deleteditems-restore

import type { GroupRecord } from '../directory/group-record.js';
import { refreshMembersLicenses } from '../directory/license-assignment.js';
import type { UserRecord } from '../directory/user-record.js';
import { GROUP_QUERY_SCHEMA } from '../odata/group-query-support.js';
import { readCollectionQuery } from './collection-query.js';
import { sendCollection } from './collection-response.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent, sendOData } from './graph-response.js';
import { GROUP_TYPE, groupSubject, projectGroup, USER_TYPE } from './group-representation.js';
import { decodeSkipToken, nextLink, pageSize, takePage } from './paging.js';
import { parseUserSelect, projectUser, selectSuffix } from './select-projection.js';

type DeletedItem = { kind: 'user'; record: UserRecord } | { kind: 'group'; record: GroupRecord };

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
  body['value'] = page.items.map((user) => deletedUserView(user, select));
  return sendOData(ctx.reply, 200, body);
}

export function listDeletedGroups(ctx: GraphContext) {
  const query = readCollectionQuery(ctx, GROUP_QUERY_SCHEMA, { kind: 'entitySet' });
  return sendCollection(ctx, query, {
    items: ctx.tenant.groups.deleted(),
    subject: groupSubject,
    project: projectGroup,
    entitySet: 'directory/deletedItems/microsoft.graph.group',
  });
}

export function getDeletedItem(ctx: GraphContext, id: string) {
  const item = findDeletedOr404(ctx, id);
  if (item.kind === 'group') {
    return sendOData(ctx.reply, 200, {
      '@odata.context': metadataUrl(ctx, 'directory/deletedItems/$entity'),
      '@odata.type': GROUP_TYPE,
      ...projectGroup(item.record, undefined),
    });
  }
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directory/deletedItems/$entity'),
    '@odata.type': USER_TYPE,
    ...deletedUserView(item.record, parseUserSelect(ctx.query.get('$select'))),
  });
}

export function restoreDeletedItem(ctx: GraphContext, id: string) {
  const item = findDeletedOr404(ctx, id);
  if (item.kind === 'group') {
    ctx.tenant.groups.restore(item.record);
    // Group-based licensing resumes with the group.
    refreshMembersLicenses(ctx.tenant, item.record);
    return sendOData(ctx.reply, 200, {
      '@odata.context': metadataUrl(ctx, 'directoryObjects/$entity'),
      '@odata.type': GROUP_TYPE,
      ...projectGroup(item.record, undefined),
    });
  }
  ctx.tenant.restoreUser(item.record);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directoryObjects/$entity'),
    '@odata.type': USER_TYPE,
    ...projectUser(item.record.props, undefined),
  });
}

export function purgeDeletedItem(ctx: GraphContext, id: string) {
  const item = findDeletedOr404(ctx, id);
  if (item.kind === 'group') ctx.tenant.groups.purge(item.record);
  else ctx.tenant.purgeUser(item.record);
  return sendNoContent(ctx.reply);
}

function findDeletedOr404(ctx: GraphContext, id: string): DeletedItem {
  const user = ctx.tenant.findDeletedUser(id);
  if (user) return { kind: 'user', record: user };
  const group = ctx.tenant.groups.findDeleted(id);
  if (group) return { kind: 'group', record: group };
  throw graphErrors.notFound(id);
}

function deletedUserView(user: UserRecord, select: readonly string[] | undefined): Record<string, unknown> {
  const props = { ...user.props, deletedDateTime: user.deletedDateTime };
  const view = projectUser(props, select);
  if (!select) view['deletedDateTime'] = user.deletedDateTime ?? null;
  return view;
}
