// Membership writes: POST /groups/{id}/members/$ref, DELETE /groups/{id}/members/{id}/$ref, and
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
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent } from './graph-response.js';
import { findGroupOr404 } from './group-handlers.js';
import { membershipErrors } from './group-license-errors.js';
import { isGuid } from './object-id.js';

/** Entity sets an `@odata.id` may name; Graph documents directoryObjects and users. */
const REFERENCE_URL = /\/(?:v1\.0|beta)\/(?:directoryObjects|users|groups)\/([^/]+)$/i;

export function addMemberRef(ctx: GraphContext, groupId: string) {
  const group = findGroupOr404(ctx, groupId);
  const memberId = referencedId(ctx.request.body);
  const member = findObject(ctx, memberId);
  if (!member) throw graphErrors.notFound(memberId);
  assertMembershipWritable(group);
  if (member.kind === 'group') assertGroupMayJoin(group, member.group);
  if (ctx.tenant.groups.isMember(group, member.id)) {
    throw membershipErrors.alreadyMember();
  }
  ctx.tenant.groups.addMember(group, member.id);
  afterMembershipChange(ctx, group, member.id);
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

/** The object id in `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`. */
function referencedId(body: unknown): string {
  const ref =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.id'] : undefined;
  if (typeof ref !== 'string') {
    throw membershipErrors.missingReference();
  }
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw membershipErrors.invalidReference(ref);
  }
  const match = REFERENCE_URL.exec(url.pathname);
  if (!match || url.search || url.hash) {
    throw membershipErrors.invalidReference(ref);
  }
  const id = decodeURIComponent(match[1]!);
  if (!isGuid(id)) throw membershipErrors.invalidObjectId(id);
  return id.toLowerCase();
}

type DirectoryObject = { kind: 'user'; id: string } | { kind: 'group'; id: string; group: GroupRecord };

function findObject(ctx: GraphContext, id: string): DirectoryObject | undefined {
  const user = ctx.tenant.findUser(id);
  if (user) return { kind: 'user', id: user.props.id };
  const group = ctx.tenant.groups.find(id);
  return group ? { kind: 'group', id: group.props.id, group } : undefined;
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
