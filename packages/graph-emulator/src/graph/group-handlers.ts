// Reads and deletes of groups: /groups (with Graph's query rules), /groups/$count, /groups/{id},
// DELETE /groups/{id}, and the lists of a group's members, owners and memberOf. Groups are
// addressed by object id only. https://learn.microsoft.com/graph/api/group-list

import type { GroupRecord } from '../directory/group-record.js';
import { isDistributionList } from '../directory/group-record.js';
import { refreshMembersLicenses } from '../directory/license-assignment.js';
import { GROUP_PROPERTY_NAMES } from '../odata/group-properties.js';
import { GROUP_QUERY_SCHEMA } from '../odata/group-query-support.js';
import { parseSelect, resolveSelect } from '../odata/select.js';
import { readCollectionQuery } from './collection-query.js';
import { type CollectionSource, sendCollection, sendCollectionCount } from './collection-response.js';
import { resolveObjects, userObject } from './directory-object.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent, sendOData } from './graph-response.js';
import { membershipErrors } from './group-license-errors.js';
import { groupSubject, projectGroup } from './group-representation.js';
import { isGuid } from './object-id.js';
import { listRelationship, type RelationshipTail } from './relationship-lists.js';

/** A malformed id is a 400 and an unknown one a 404, as Graph answers for groups. */
export function findGroupOr404(ctx: GraphContext, id: string): GroupRecord {
  if (!isGuid(id)) throw membershipErrors.invalidObjectId(id);
  const group = ctx.tenant.groups.find(id);
  if (!group) throw graphErrors.notFound(id);
  return group;
}

function groupSource(groups: readonly GroupRecord[]): CollectionSource<GroupRecord> {
  return { items: groups, subject: groupSubject, project: projectGroup, entitySet: 'groups' };
}

export function listGroups(ctx: GraphContext) {
  const query = readCollectionQuery(ctx, GROUP_QUERY_SCHEMA, { kind: 'entitySet' });
  return sendCollection(ctx, query, groupSource(ctx.tenant.groups.all()));
}

export function countGroups(ctx: GraphContext) {
  const query = readCollectionQuery(ctx, GROUP_QUERY_SCHEMA, { kind: 'entitySet' }, '$count');
  return sendCollectionCount(ctx, query, groupSource(ctx.tenant.groups.all()));
}

/** Canonical names of a single group's `$select`, or undefined without one. */
export function groupSelect(ctx: GraphContext): string[] | undefined {
  const raw = ctx.query.get('$select');
  if (raw === undefined || raw.trim() === '') return undefined;
  return resolveSelect(parseSelect(raw), {
    known: GROUP_PROPERTY_NAMES,
    entityType: GROUP_QUERY_SCHEMA.entityType,
  });
}

export function getGroup(ctx: GraphContext, id: string) {
  const select = groupSelect(ctx);
  const group = findGroupOr404(ctx, id);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, `groups${select ? `(${select.join(',')})` : ''}/$entity`),
    ...projectGroup(group, select),
  });
}

/**
 * Microsoft 365 and security groups go to deletedItems for 30 days; distribution groups are
 * deleted for good. https://learn.microsoft.com/graph/api/group-delete
 */
export function deleteGroup(ctx: GraphContext, id: string) {
  const group = findGroupOr404(ctx, id);
  const groups = ctx.tenant.groups;
  if (isDistributionList(group.props)) groups.purge(group);
  else groups.softDelete(group);
  // Group-based licensing stops with the group.
  refreshMembersLicenses(ctx.tenant, group);
  return sendNoContent(ctx.reply);
}

/** Direct members that still exist (soft-deleted users drop out until restored). */
export function listMembers(ctx: GraphContext, id: string, tail: RelationshipTail) {
  const group = findGroupOr404(ctx, id);
  return listRelationship(ctx, 'members', resolveObjects(ctx.tenant, group.members), tail);
}

export function listOwners(ctx: GraphContext, id: string, tail: RelationshipTail) {
  const group = findGroupOr404(ctx, id);
  const owners = [...group.owners].flatMap((ownerId) => {
    const user = ctx.tenant.findUser(ownerId);
    return user && user.props.id === ownerId ? [userObject(user)] : [];
  });
  return listRelationship(ctx, 'owners', owners, tail);
}
