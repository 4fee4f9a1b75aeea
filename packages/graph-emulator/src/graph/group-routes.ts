// Routes for groups, memberships, a user's groups and licenses, called from graph-router.ts:
// /groups[/{id}[/members[/$ref | /{id}[/$ref]]]], /subscribedSkus, and the user segments
// memberOf, transitiveMemberOf, getMemberGroups, checkMemberGroups and assignLicense.

import type { FastifyReply } from 'fastify';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { getGroup, listGroups, listMembers } from './group-handlers.js';
import { assignLicense, listSubscribedSkus } from './license-handlers.js';
import { checkMemberGroups, getMemberGroups, listMemberOf } from './member-of-handlers.js';
import { addMemberRef, deleteMemberObject, removeMemberRef } from './membership-handlers.js';

type Handlers = Partial<Record<string, () => FastifyReply>>;

export function routeGroups(ctx: GraphContext, rest: readonly string[]): FastifyReply {
  const [groupId, relation, memberOrRef, ref, ...extra] = rest;
  if (groupId === undefined) return byMethod(ctx, { GET: () => listGroups(ctx) });
  if (relation === undefined) return byMethod(ctx, { GET: () => getGroup(ctx, groupId) });
  if (relation !== 'members' || extra.length > 0) throw graphErrors.notImplemented();
  if (memberOrRef === undefined) return byMethod(ctx, { GET: () => listMembers(ctx, groupId) });
  if (memberOrRef === '$ref' && ref === undefined) {
    return byMethod(ctx, { POST: () => addMemberRef(ctx, groupId) });
  }
  if (ref === '$ref') return byMethod(ctx, { DELETE: () => removeMemberRef(ctx, groupId, memberOrRef) });
  if (ref === undefined)
    return byMethod(ctx, { DELETE: () => deleteMemberObject(ctx, groupId, memberOrRef) });
  throw graphErrors.segmentNotFound(ref);
}

export function routeSubscribedSkus(ctx: GraphContext, rest: readonly string[]): FastifyReply {
  if (rest.length > 0) throw graphErrors.notImplemented();
  return byMethod(ctx, { GET: () => listSubscribedSkus(ctx) });
}

/** The user segments handled here, or undefined so the caller answers for the rest. */
export function routeUserRelation(
  ctx: GraphContext,
  key: string,
  rest: readonly string[],
): FastifyReply | undefined {
  const [segment, cast, ...extra] = rest;
  if (segment === undefined || extra.length > 0) return undefined;
  const name = segment.toLowerCase();
  // The cast segment keeps only groups; every directory object the emulator holds is one.
  if (
    cast !== undefined &&
    !((name === 'memberof' || name === 'transitivememberof') && cast === 'microsoft.graph.group')
  ) {
    return undefined;
  }
  switch (name) {
    case 'memberof':
      return byMethod(ctx, { GET: () => listMemberOf(ctx, key, false) });
    case 'transitivememberof':
      return byMethod(ctx, { GET: () => listMemberOf(ctx, key, true) });
    case 'getmembergroups':
      return byMethod(ctx, { POST: () => getMemberGroups(ctx, key) });
    case 'checkmembergroups':
      return byMethod(ctx, { POST: () => checkMemberGroups(ctx, key) });
    case 'assignlicense':
      return byMethod(ctx, { POST: () => assignLicense(ctx, key) });
    default:
      return undefined;
  }
}

function byMethod(ctx: GraphContext, handlers: Handlers): FastifyReply {
  const handler = handlers[ctx.method];
  if (!handler) throw graphErrors.methodNotAllowed();
  return handler();
}
