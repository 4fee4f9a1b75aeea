// Reads of groups: /groups, /groups/{id} and /groups/{id}/members (users and nested groups,
// typed with @odata.type). Groups are addressed by object id only.

import type { GroupRecord } from '../directory/group-record.js';
import { pageOf } from './collection-page.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendOData } from './graph-response.js';
import { membershipErrors } from './group-license-errors.js';
import { parseGroupSelect, projectGroup, projectUserObject } from './group-representation.js';
import { isGuid } from './object-id.js';

/** A malformed id is a 400 and an unknown one a 404, as Graph answers for groups. */
export function findGroupOr404(ctx: GraphContext, id: string): GroupRecord {
  if (!isGuid(id)) throw membershipErrors.invalidObjectId(id);
  const group = ctx.tenant.groups.find(id);
  if (!group) throw graphErrors.notFound(id);
  return group;
}

export function listGroups(ctx: GraphContext) {
  const select = parseGroupSelect(ctx.query.get('$select'));
  const page = pageOf(ctx, ctx.tenant.groups.all());
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, `groups${select ? `(${select.join(',')})` : ''}`),
    ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    value: page.items.map((group) => withoutType(projectGroup(group.props, select))),
  });
}

export function getGroup(ctx: GraphContext, id: string) {
  const select = parseGroupSelect(ctx.query.get('$select'));
  const group = findGroupOr404(ctx, id);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, `groups${select ? `(${select.join(',')})` : ''}/$entity`),
    ...withoutType(projectGroup(group.props, select)),
  });
}

/** Direct members that still exist (soft-deleted users drop out until restored). */
export function listMembers(ctx: GraphContext, id: string) {
  const group = findGroupOr404(ctx, id);
  const members: Record<string, unknown>[] = [];
  for (const memberId of group.members) {
    const user = ctx.tenant.findUser(memberId);
    if (user) {
      members.push(projectUserObject(user.props));
      continue;
    }
    const nested = ctx.tenant.groups.find(memberId);
    if (nested) members.push(projectGroup(nested.props, undefined));
  }
  const page = pageOf(ctx, members);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directoryObjects'),
    ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    value: page.items,
  });
}

/** Monomorphic collections and single entities carry no @odata.type. */
function withoutType(projected: Record<string, unknown>) {
  const { '@odata.type': _type, ...rest } = projected;
  return rest;
}
