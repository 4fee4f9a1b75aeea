// A user's group memberships: memberOf (direct), transitiveMemberOf (nested too), and the
// getMemberGroups / checkMemberGroups actions, which answer with bare group ids.
// https://learn.microsoft.com/graph/api/user-list-memberof, https://learn.microsoft.com/graph/api/directoryobject-getmembergroups

import type { GroupRecord } from '../directory/group-record.js';
import { pageOf } from './collection-page.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData } from './graph-response.js';
import { membershipErrors } from './group-license-errors.js';
import { parseGroupSelect, projectGroup } from './group-representation.js';
import { isGuid } from './object-id.js';
import { findUserOr404 } from './user-handlers.js';

/** checkMemberGroups takes at most this many ids per call. */
const CHECK_LIMIT = 20;

export function listMemberOf(ctx: GraphContext, key: string, transitive: boolean) {
  const select = parseGroupSelect(ctx.query.get('$select'));
  const user = findUserOr404(ctx, key);
  const groups = transitive
    ? ctx.tenant.groups.transitiveGroupsOf(user.props.id)
    : ctx.tenant.groups.directGroupsOf(user.props.id);
  const page = pageOf(ctx, groups);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, `directoryObjects${select ? `(${select.join(',')})` : ''}`),
    ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    value: page.items.map((group) => projectGroup(group.props, select)),
  });
}

export function getMemberGroups(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const securityEnabledOnly = body?.['securityEnabledOnly'];
  if (typeof securityEnabledOnly !== 'boolean') {
    throw membershipErrors.parameterRequired('securityEnabledOnly', 'a boolean');
  }
  const groups = ctx.tenant.groups
    .transitiveGroupsOf(user.props.id)
    .filter((group) => !securityEnabledOnly || group.props.securityEnabled);
  const limit = ctx.tenant.groups.memberGroupsLimit;
  if (groups.length > limit) {
    throw membershipErrors.memberGroupsLimit(limit);
  }
  return sendIds(ctx, groups);
}

export function checkMemberGroups(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const groupIds = body?.['groupIds'];
  if (!Array.isArray(groupIds) || groupIds.some((id) => typeof id !== 'string')) {
    throw membershipErrors.parameterRequired('groupIds', 'an array of strings');
  }
  if (groupIds.length > CHECK_LIMIT) {
    throw membershipErrors.tooManyGroupIds(CHECK_LIMIT);
  }
  const bad = (groupIds as string[]).find((id) => !isGuid(id));
  if (bad !== undefined) throw membershipErrors.invalidObjectId(bad);
  const member = new Set(ctx.tenant.groups.transitiveGroupsOf(user.props.id).map((g) => g.props.id));
  const found = (groupIds as string[]).filter((id) => member.has(id.toLowerCase()));
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'Collection(Edm.String)'),
    value: found,
  });
}

function sendIds(ctx: GraphContext, groups: GroupRecord[]) {
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'Collection(Edm.String)'),
    value: groups.map((group) => group.props.id),
  });
}
