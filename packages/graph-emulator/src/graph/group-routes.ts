// Routes under /groups and /subscribedSkus, called from graph-router.ts:
//   /groups (GET, POST), /groups/$count, /groups/{id} (GET, PATCH with members@odata.bind, DELETE)
//   /groups/{id}/members[/cast][/$count], /members/$ref, /members/{id}[/$ref]
//   /groups/{id}/owners[/cast][/$count], /owners/$ref, /owners/{id}/$ref
//   /groups/{id}/memberOf, /transitiveMemberOf, /getMemberGroups, /checkMemberGroups

import type { FastifyReply } from 'fastify';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { createGroup } from './group-create.js';
import {
  countGroups,
  deleteGroup,
  findGroupOr404,
  getGroup,
  listGroups,
  listMembers,
  listOwners,
} from './group-handlers.js';
import { listSubscribedSkus } from './license-handlers.js';
import { checkMemberGroups, getMemberGroups, listMemberOf } from './member-of-handlers.js';
import { addMemberRef, deleteMemberObject, removeMemberRef, updateGroup } from './membership-handlers.js';
import { addOwnerRef, removeOwnerRef } from './owner-handlers.js';
import { isCastSegment } from './relationship-lists.js';
import { action, byMethod, listTail } from './route-helpers.js';

export function routeGroups(ctx: GraphContext, rest: readonly string[]): FastifyReply {
  const [groupId, relation, ...tail] = rest;
  if (groupId === undefined) {
    return byMethod(ctx, { GET: () => listGroups(ctx), POST: () => createGroup(ctx) });
  }
  if (groupId === '$count' && relation === undefined) return byMethod(ctx, { GET: () => countGroups(ctx) });
  if (relation === undefined) {
    return byMethod(ctx, {
      GET: () => getGroup(ctx, groupId),
      PATCH: () => updateGroup(ctx, groupId),
      DELETE: () => deleteGroup(ctx, groupId),
    });
  }
  switch (relation.toLowerCase()) {
    case 'members':
      return routeMembers(ctx, groupId, tail);
    case 'owners':
      return routeOwners(ctx, groupId, tail);
    case 'memberof':
    case 'transitivememberof': {
      const parsed = listTail(tail);
      const transitive = relation.toLowerCase() === 'transitivememberof';
      return byMethod(ctx, {
        GET: () => listMemberOf(ctx, findGroupOr404(ctx, groupId).props.id, transitive, parsed),
      });
    }
    case 'getmembergroups':
      return action(ctx, tail, () => getMemberGroups(ctx, findGroupOr404(ctx, groupId).props.id));
    case 'checkmembergroups':
      return action(ctx, tail, () => checkMemberGroups(ctx, findGroupOr404(ctx, groupId).props.id));
    default:
      throw graphErrors.notImplemented();
  }
}

export function routeSubscribedSkus(ctx: GraphContext, rest: readonly string[]): FastifyReply {
  if (rest.length > 0) throw graphErrors.notImplemented();
  return byMethod(ctx, { GET: () => listSubscribedSkus(ctx) });
}

function routeMembers(ctx: GraphContext, groupId: string, tail: readonly string[]): FastifyReply {
  const [first, second, ...extra] = tail;
  if (first === '$ref' && second === undefined)
    return byMethod(ctx, { POST: () => addMemberRef(ctx, groupId) });
  if (first !== undefined && first !== '$count' && !isCastSegment(first)) {
    if (extra.length > 0) throw graphErrors.segmentNotFound(extra[0]!);
    if (second === '$ref') return byMethod(ctx, { DELETE: () => removeMemberRef(ctx, groupId, first) });
    if (second === undefined) return byMethod(ctx, { DELETE: () => deleteMemberObject(ctx, groupId, first) });
    throw graphErrors.segmentNotFound(second);
  }
  const parsed = listTail(tail);
  return byMethod(ctx, { GET: () => listMembers(ctx, groupId, parsed) });
}

function routeOwners(ctx: GraphContext, groupId: string, tail: readonly string[]): FastifyReply {
  const [first, second, ...extra] = tail;
  if (first === '$ref' && second === undefined)
    return byMethod(ctx, { POST: () => addOwnerRef(ctx, groupId) });
  if (first !== undefined && first !== '$count' && !isCastSegment(first)) {
    if (second === '$ref' && extra.length === 0) {
      return byMethod(ctx, { DELETE: () => removeOwnerRef(ctx, groupId, first) });
    }
    throw graphErrors.notImplemented();
  }
  const parsed = listTail(tail);
  return byMethod(ctx, { GET: () => listOwners(ctx, groupId, parsed) });
}
