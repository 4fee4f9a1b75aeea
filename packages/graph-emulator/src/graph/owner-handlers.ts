// Owner writes: POST /groups/{id}/owners/$ref and DELETE /groups/{id}/owners/{id}/$ref. Owners
// are users here (Graph also allows service principals, which the emulator does not hold), they
// are not members, and once a group has owners the last one cannot be removed, whatever the
// group's kind. https://learn.microsoft.com/graph/api/group-post-owners,
// https://learn.microsoft.com/graph/api/group-delete-owners

import { referencedId } from './directory-reference.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent } from './graph-response.js';
import { findGroupOr404 } from './group-handlers.js';
import { membershipErrors } from './group-license-errors.js';

export function addOwnerRef(ctx: GraphContext, groupId: string) {
  const group = findGroupOr404(ctx, groupId);
  const ownerId = referencedId(ctx.request.body);
  const user = ctx.tenant.findUser(ownerId);
  if (!user || user.props.id !== ownerId) {
    // A group (or another object that cannot own) is refused; an unknown id is a 404.
    if (ctx.tenant.groups.find(ownerId)) throw membershipErrors.ownerTypeNotAllowed(group.props.id);
    throw graphErrors.notFound(ownerId);
  }
  if (ctx.tenant.groups.isOwner(group, ownerId)) throw membershipErrors.alreadyOwner();
  ctx.tenant.groups.addOwner(group, ownerId);
  return sendNoContent(ctx.reply);
}

export function removeOwnerRef(ctx: GraphContext, groupId: string, ownerId: string) {
  const group = findGroupOr404(ctx, groupId);
  if (!ctx.tenant.groups.isOwner(group, ownerId)) throw graphErrors.notFound(ownerId);
  const activeOwners = [...group.owners].filter((id) => ctx.tenant.findUser(id)?.props.id === id);
  if (activeOwners.length <= 1 && activeOwners.includes(ownerId.toLowerCase())) {
    throw membershipErrors.lastOwner();
  }
  ctx.tenant.groups.removeOwner(group, ownerId);
  return sendNoContent(ctx.reply);
}
