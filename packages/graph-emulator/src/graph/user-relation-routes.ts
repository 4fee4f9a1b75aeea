// The segments after /users/{id|upn}, called from graph-router.ts: memberOf and
// transitiveMemberOf (with casts and /$count), ownedObjects, directReports, manager and manager/$ref,
// getMemberGroups, checkMemberGroups, assignLicense and revokeSignInSessions.

import type { FastifyReply } from 'fastify';
import { groupObject } from './directory-object.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { assignLicense } from './license-handlers.js';
import { getManager, listDirectReports, removeManager, setManager } from './manager-handlers.js';
import { checkMemberGroups, getMemberGroups, listMemberOf } from './member-of-handlers.js';
import { listRelationship } from './relationship-lists.js';
import { action, byMethod, listTail } from './route-helpers.js';
import { revokeSignInSessions } from './session-handlers.js';
import { findUserOr404 } from './user-handlers.js';

/** The user segments handled here, or undefined so the caller answers for the rest. */
export function routeUserRelation(
  ctx: GraphContext,
  key: string,
  rest: readonly string[],
): FastifyReply | undefined {
  const [segment, ...tail] = rest;
  if (segment === undefined) return undefined;
  switch (segment.toLowerCase()) {
    case 'memberof':
    case 'transitivememberof': {
      const parsed = listTail(tail);
      const transitive = segment.toLowerCase() === 'transitivememberof';
      return byMethod(ctx, {
        GET: () => listMemberOf(ctx, findUserOr404(ctx, key).props.id, transitive, parsed),
      });
    }
    case 'ownedobjects': {
      // Groups are the only objects the emulator lets users own.
      const parsed = listTail(tail);
      const owner = findUserOr404(ctx, key).props.id;
      return byMethod(ctx, {
        GET: () =>
          listRelationship(ctx, 'ownedObjects', ctx.tenant.groups.ownedBy(owner).map(groupObject), parsed),
      });
    }
    case 'directreports': {
      const parsed = listTail(tail);
      return byMethod(ctx, { GET: () => listDirectReports(ctx, key, parsed) });
    }
    case 'manager':
      if (tail.length === 0) return byMethod(ctx, { GET: () => getManager(ctx, key) });
      if (tail.length === 1 && tail[0] === '$ref') {
        return byMethod(ctx, { PUT: () => setManager(ctx, key), DELETE: () => removeManager(ctx, key) });
      }
      throw graphErrors.segmentNotFound(tail.at(-1)!);
    case 'getmembergroups':
      return action(ctx, tail, () => getMemberGroups(ctx, findUserOr404(ctx, key).props.id));
    case 'checkmembergroups':
      return action(ctx, tail, () => checkMemberGroups(ctx, findUserOr404(ctx, key).props.id));
    case 'assignlicense':
      return action(ctx, tail, () => assignLicense(ctx, key));
    case 'revokesigninsessions':
      return action(ctx, tail, () => revokeSignInSessions(ctx, key));
    default:
      return undefined;
  }
}
