// /directoryObjects/{id}: read any user or group by id, and the getMemberGroups and
// checkMemberGroups actions, which Graph serves on every directory object.
// https://learn.microsoft.com/graph/api/directoryobject-get, https://learn.microsoft.com/graph/api/directoryobject-getmembergroups

import type { FastifyReply } from 'fastify';
import { type DirectoryObject, findDirectoryObject, projectObject } from './directory-object.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendOData } from './graph-response.js';
import { membershipErrors } from './group-license-errors.js';
import { checkMemberGroups, getMemberGroups } from './member-of-handlers.js';
import { isGuid } from './object-id.js';
import { action, byMethod } from './route-helpers.js';

export function routeDirectoryObjects(ctx: GraphContext, rest: readonly string[]): FastifyReply {
  const [id, segment, ...tail] = rest;
  if (id === undefined) throw graphErrors.notImplemented();
  const objectId = () => findObjectOr404(ctx, id).id;
  if (segment === undefined) return byMethod(ctx, { GET: () => getDirectoryObject(ctx, id) });
  switch (segment.toLowerCase()) {
    case 'getmembergroups':
      return action(ctx, tail, () => getMemberGroups(ctx, objectId()));
    case 'checkmembergroups':
      return action(ctx, tail, () => checkMemberGroups(ctx, objectId()));
    default:
      throw graphErrors.notImplemented();
  }
}

function findObjectOr404(ctx: GraphContext, id: string): DirectoryObject {
  if (!isGuid(id)) throw membershipErrors.invalidObjectId(id);
  const object = findDirectoryObject(ctx.tenant, id);
  if (!object) throw graphErrors.notFound(id);
  return object;
}

function getDirectoryObject(ctx: GraphContext, id: string) {
  const object = findObjectOr404(ctx, id);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'directoryObjects/$entity'),
    ...projectObject(object, undefined, true),
  });
}
