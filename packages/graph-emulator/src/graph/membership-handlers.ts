// Membership writes: POST /groups/{id}/members/$ref, PATCH /groups/{id} with `members@odata.bind`
// (up to 20 at once, all or nothing), DELETE /groups/{id}/members/{id}/$ref, and
// DELETE /groups/{id}/members/{id} without $ref, which on real Graph deletes the member object
// itself (emulated so that a client making that mistake is caught by its tests).
// https://learn.microsoft.com/graph/api/group-post-members, https://learn.microsoft.com/graph/api/group-delete-members

import {
  type GroupRecord,
  isDynamic,
  isExchangeMastered,
  isOnPremisesSynced,
  isUnified,
} from '../directory/group-record.js';
import { refreshUserLicenses } from '../directory/license-assignment.js';
import { type DirectoryObject, findDirectoryObject } from './directory-object.js';
import { idFromReference, referencedId } from './directory-reference.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent } from './graph-response.js';
import { findGroupOr404 } from './group-handlers.js';
import { membershipErrors } from './group-license-errors.js';
import { isPlainObject } from './user-property-value.js';

/** Links one request may add to a group, members and owners together. */
const MAX_LINK_CHANGES = 20;
const MEMBERS_BIND = 'members@odata.bind';

export function addMemberRef(ctx: GraphContext, groupId: string) {
  const group = findGroupOr404(ctx, groupId);
  const member = memberToAdd(ctx, group, referencedId(ctx.request.body));
  addMembers(ctx, group, [member]);
  return sendNoContent(ctx.reply);
}

/**
 * PATCH /groups/{id}. Only `members@odata.bind` is implemented: every reference is checked
 * before any is added, so one bad entry adds nobody.
 */
export function updateGroup(ctx: GraphContext, groupId: string) {
  const group = findGroupOr404(ctx, groupId);
  const body = ctx.request.body;
  if (!isPlainObject(body)) throw membershipErrors.notAnObject();
  const other = Object.keys(body).find((key) => key !== MEMBERS_BIND);
  // Other group properties are real Graph writes the emulator does not implement.
  if (other !== undefined) throw graphErrors.notImplemented();
  const refs = body[MEMBERS_BIND];
  if (!Array.isArray(refs) || refs.some((ref) => typeof ref !== 'string')) {
    throw membershipErrors.bindNotAnArray(MEMBERS_BIND);
  }
  if (refs.length > MAX_LINK_CHANGES) throw membershipErrors.tooManyLinkChanges(MAX_LINK_CHANGES);
  const members: DirectoryObject[] = [];
  for (const ref of refs as string[]) {
    const member = memberToAdd(ctx, group, idFromReference(ref));
    if (members.some((m) => m.id === member.id)) throw membershipErrors.alreadyMember();
    members.push(member);
  }
  addMembers(ctx, group, members);
  return sendNoContent(ctx.reply);
}

export function removeMemberRef(ctx: GraphContext, groupId: string, memberId: string) {
  const group = findGroupOr404(ctx, groupId);
  assertMembershipWritable(group);
  // Graph answers "not a member" like "no such object": the same 404 naming the member id.
  if (!ctx.tenant.groups.isMember(group, memberId)) throw graphErrors.notFound(memberId);
  ctx.tenant.groups.removeMember(group, memberId);
  afterMembershipChange(ctx, group, memberId);
  return sendNoContent(ctx.reply);
}

/** The dangerous form: with User.ReadWrite.All, Graph soft-deletes the member user itself. */
export function deleteMemberObject(ctx: GraphContext, groupId: string, memberId: string) {
  const group = findGroupOr404(ctx, groupId);
  if (!ctx.tenant.groups.isMember(group, memberId)) throw graphErrors.notFound(memberId);
  const user = ctx.tenant.findUser(memberId);
  if (!user) {
    throw membershipErrors.deleteMemberDenied();
  }
  ctx.tenant.softDeleteUser(user);
  return sendNoContent(ctx.reply);
}

/** The object to add, after every check Graph makes; nothing is changed yet. */
function memberToAdd(ctx: GraphContext, group: GroupRecord, memberId: string): DirectoryObject {
  const member = findDirectoryObject(ctx.tenant, memberId);
  if (!member) throw graphErrors.notFound(memberId);
  assertMembershipWritable(group);
  if (member.kind === 'group') assertGroupMayJoin(group, member.record);
  if (ctx.tenant.groups.isMember(group, member.id)) {
    throw membershipErrors.alreadyMember();
  }
  return member;
}

function addMembers(ctx: GraphContext, group: GroupRecord, members: readonly DirectoryObject[]): void {
  for (const member of members) {
    ctx.tenant.groups.addMember(group, member.id);
    afterMembershipChange(ctx, group, member.id);
  }
}

/** Groups whose membership Graph cannot change, with the error Graph gives for each. */
function assertMembershipWritable(group: GroupRecord): void {
  if (isOnPremisesSynced(group.props)) {
    throw membershipErrors.onPremisesSynced();
  }
  if (isExchangeMastered(group.props)) {
    throw membershipErrors.exchangeMastered();
  }
  if (isDynamic(group.props)) {
    throw membershipErrors.dynamic();
  }
}

/** Allowed member types: no groups in Microsoft 365 groups, no M365 groups anywhere. */
function assertGroupMayJoin(target: GroupRecord, member: GroupRecord): void {
  if (member.props.id === target.props.id || isUnified(target.props) || isUnified(member.props)) {
    throw membershipErrors.memberTypeNotAllowed(target.props.id);
  }
}

/** Group-based licensing follows direct membership, so a licensed group changes the user's licenses. */
function afterMembershipChange(ctx: GraphContext, group: GroupRecord, memberId: string): void {
  if (group.assignedLicenses.length === 0) return;
  const user = ctx.tenant.findUser(memberId);
  if (user) refreshUserLicenses(ctx.tenant, user);
}
