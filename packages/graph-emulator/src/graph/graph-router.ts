// Maps a Graph call (method + path segments after the version) to its handler, with Graph's
// answers for the rest: 405 for a known target with the wrong method, 501 for real Graph
// targets this emulator does not implement, 400 for unknown segments.

import type { FastifyReply } from 'fastify';
import type { DeltaPolicy } from '../directory/delta-policy.js';
import {
  getDeletedItem,
  listDeletedGroups,
  listDeletedUsers,
  purgeDeletedItem,
  restoreDeletedItem,
} from './deleted-items-handlers.js';
import { routeDirectoryObjects } from './directory-object-routes.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { routeGroups, routeSubscribedSkus } from './group-routes.js';
import { routeRoleManagement } from './role-assignment-handlers.js';
import { byMethod } from './route-helpers.js';
import type { UserFilterCompiler } from './user-filter-hook.js';
import { createUser, deleteUser, getUser, updateUser } from './user-handlers.js';
import { decodeSegment, keyFormOf, pathFormKey } from './user-key.js';
import { routeUserRelation } from './user-relation-routes.js';
import { listUserChanges } from './users-delta.js';
import { countUsers, listUsers } from './users-list.js';

export interface GraphRouterDeps {
  compileUserFilter: UserFilterCompiler;
  /** /users/delta settings and token generations (EmulatorState.delta). */
  delta: DeltaPolicy;
}

/** Real Graph targets this emulator does not implement (organization, me...): 501. */
const UNIMPLEMENTED_ROOTS = new Set(['organization', 'me', 'devices', 'serviceprincipals', 'applications']);
const UNIMPLEMENTED_USER_SEGMENTS = new Set([
  'licensedetails',
  'getmemberobjects',
  'checkmemberobjects',
  'ownedobjects',
  'registereddevices',
  'owneddevices',
  'transitivereports',
]);

export function dispatchGraph(ctx: GraphContext, deps: GraphRouterDeps): FastifyReply {
  const segments = ctx.rawSegments.map(decodeSegment);
  const [root, ...rest] = segments;
  if (root === undefined) throw graphErrors.segmentNotFound('');
  if (root === 'users') return routeUsers(ctx, rest, deps);
  const keyed = keyFormOf(root, 'users');
  if (keyed !== undefined) return routeUser(ctx, keyed, rest);
  if (root === 'directory') return routeDirectory(ctx, rest);
  if (root === 'roleManagement') return routeRoleManagement(ctx, rest);
  if (root === 'groups') return routeGroups(ctx, rest);
  if (root.toLowerCase() === 'subscribedskus') return routeSubscribedSkus(ctx, rest);
  if (root.toLowerCase() === 'directoryobjects') return routeDirectoryObjects(ctx, rest);
  if (UNIMPLEMENTED_ROOTS.has(root.toLowerCase())) throw graphErrors.notImplemented();
  throw graphErrors.segmentNotFound(root);
}

function routeUsers(ctx: GraphContext, rest: string[], deps: GraphRouterDeps): FastifyReply {
  const [next, ...tail] = rest;
  if (next === undefined) {
    return byMethod(ctx, {
      GET: () => listUsers(ctx, deps.compileUserFilter),
      POST: () => createUser(ctx),
    });
  }
  if (next === '$count' && tail.length === 0) {
    return byMethod(ctx, { GET: () => countUsers(ctx, deps.compileUserFilter) });
  }
  if ((next === 'delta' || next === 'microsoft.graph.delta') && tail.length === 0) {
    return byMethod(ctx, { GET: () => listUserChanges(ctx, deps.delta) });
  }
  return routeUser(ctx, pathFormKey(next), tail);
}

function routeUser(ctx: GraphContext, key: string, rest: string[]): FastifyReply {
  const [next] = rest;
  if (next === undefined) {
    return byMethod(ctx, {
      GET: () => getUser(ctx, key),
      PATCH: () => updateUser(ctx, key),
      DELETE: () => deleteUser(ctx, key),
    });
  }
  const relation = routeUserRelation(ctx, key, rest);
  if (relation !== undefined) return relation;
  if (UNIMPLEMENTED_USER_SEGMENTS.has(next.toLowerCase())) throw graphErrors.notImplemented();
  throw graphErrors.segmentNotFound(next);
}

/** /directory/deletedItems: the cast lists of users and groups, and one item by id. */
function routeDirectory(ctx: GraphContext, rest: string[]): FastifyReply {
  const [collection, item, action, ...extra] = rest;
  if (collection !== 'deletedItems' || item === undefined || extra.length > 0) {
    if (collection === 'deletedItems') throw graphErrors.notImplemented();
    throw graphErrors.segmentNotFound(collection ?? 'directory');
  }
  if (item === 'microsoft.graph.user' && action === undefined) {
    return byMethod(ctx, { GET: () => listDeletedUsers(ctx) });
  }
  if (item === 'microsoft.graph.group' && action === undefined) {
    return byMethod(ctx, { GET: () => listDeletedGroups(ctx) });
  }
  if (action === undefined) {
    return byMethod(ctx, { GET: () => getDeletedItem(ctx, item), DELETE: () => purgeDeletedItem(ctx, item) });
  }
  if (action === 'restore') return byMethod(ctx, { POST: () => restoreDeletedItem(ctx, item) });
  throw graphErrors.segmentNotFound(action);
}
