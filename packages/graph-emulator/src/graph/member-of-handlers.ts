// Memberships of a directory object: a user's memberOf (direct) and transitiveMemberOf (nested
// too), and the getMemberGroups / checkMemberGroups actions, which answer with bare group ids and
// are served on users, groups and directoryObjects alike.
// https://learn.microsoft.com/graph/api/user-list-memberof, https://learn.microsoft.com/graph/api/directoryobject-getmembergroups,
// https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups

import type { GroupRecord } from '../directory/group-record.js';
import { groupObject } from './directory-object.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData } from './graph-response.js';
import { membershipErrors } from './group-license-errors.js';
import { isGuid } from './object-id.js';
import { listRelationship, type RelationshipTail } from './relationship-lists.js';

/** checkMemberGroups takes at most this many ids per call. */
const CHECK_LIMIT = 20;

/** memberOf or transitiveMemberOf of a user or group the caller found (`objectId` lower-cased). */
export function listMemberOf(
  ctx: GraphContext,
  objectId: string,
  transitive: boolean,
  tail: RelationshipTail,
) {
  const groups = transitive
    ? ctx.tenant.groups.transitiveGroupsOf(objectId)
    : ctx.tenant.groups.directGroupsOf(objectId);
  return listRelationship(ctx, transitive ? 'transitiveMemberOf' : 'memberOf', groups.map(groupObject), tail);
}

/** `objectId`: the lower-cased id of a user or group the caller already found. */
export function getMemberGroups(ctx: GraphContext, objectId: string) {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const securityEnabledOnly = body?.['securityEnabledOnly'];
  if (typeof securityEnabledOnly !== 'boolean') {
    throw membershipErrors.parameterRequired('securityEnabledOnly', 'a boolean');
  }
  const groups = ctx.tenant.groups
    .transitiveGroupsOf(objectId)
    .filter((group) => !securityEnabledOnly || group.props.securityEnabled);
  const limit = ctx.tenant.groups.memberGroupsLimit;
  if (groups.length > limit) {
    throw membershipErrors.memberGroupsLimit(limit);
  }
  return sendIds(
    ctx,
    groups.map((group: GroupRecord) => group.props.id),
  );
}

export function checkMemberGroups(ctx: GraphContext, objectId: string) {
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
  const member = new Set(ctx.tenant.groups.transitiveGroupsOf(objectId).map((g) => g.props.id));
  return sendIds(
    ctx,
    (groupIds as string[]).filter((id) => member.has(id.toLowerCase())),
  );
}

function sendIds(ctx: GraphContext, ids: string[]) {
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'Collection(Edm.String)'),
    value: ids,
  });
}
