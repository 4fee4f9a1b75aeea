// GET /roleManagement/directory/roleAssignments: Microsoft Entra role assignments
// (unifiedRoleAssignment), here the tenant-wide assignments of the apps' service principals.
// Permissions (application): RoleManagement.Read.Directory, RoleManagement.Read.All,
// Directory.Read.All, RoleManagement.ReadWrite.Directory, Directory.ReadWrite.All; an app holding
// none of them gets 403 Authorization_RequestDenied, as from Graph.
// https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments

import type { FastifyReply } from 'fastify';
import type { GraphContext } from './graph-context.js';
import { metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendOData } from './graph-response.js';
import { byMethod } from './route-helpers.js';

const READ_PERMISSIONS = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.ReadWrite.All',
];

/** The one filter shape this emulator answers: `principalId` or `roleDefinitionId` eq a value. */
const EQ_FILTER = /^\s*(principalId|roleDefinitionId)\s+eq\s+'([^']*)'\s*$/i;

export function routeRoleManagement(ctx: GraphContext, rest: string[]): FastifyReply {
  const [provider, collection, ...tail] = rest;
  if (provider !== 'directory') throw graphErrors.segmentNotFound(provider ?? 'roleManagement');
  if (collection === 'roleAssignments' && tail.length === 0) {
    return byMethod(ctx, { GET: () => listRoleAssignments(ctx) });
  }
  throw graphErrors.notImplemented();
}

function listRoleAssignments(ctx: GraphContext): FastifyReply {
  const granted = ctx.tenant.grantsOf(ctx.appId).permissions;
  if (!READ_PERMISSIONS.some((permission) => granted.includes(permission))) {
    throw graphErrors.insufficientPrivileges();
  }
  let assignments = ctx.tenant.directoryRoleAssignments();
  const filter = ctx.query.get('$filter');
  if (filter !== undefined && filter !== '') {
    const match = EQ_FILTER.exec(filter);
    if (!match) {
      throw graphErrors.unsupportedQuery(
        "The emulator filters role assignments by principalId or roleDefinitionId eq '<id>' only.",
      );
    }
    const property = match[1]!.toLowerCase() === 'principalid' ? 'principalId' : 'roleDefinitionId';
    const wanted = match[2]!.toLowerCase();
    assignments = assignments.filter((a) => a[property] === wanted);
  }
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'roleManagement/directory/roleAssignments'),
    value: assignments.map((a) => ({
      id: assignmentId(a.roleDefinitionId, a.principalId),
      principalId: a.principalId,
      resourceScope: '/',
      directoryScopeId: '/',
      roleDefinitionId: a.roleDefinitionId,
    })),
  });
}

/** Graph's ids for these look like the role and principal ids in base64url with a `-1` suffix. */
function assignmentId(roleDefinitionId: string, principalId: string): string {
  const bytes = (guid: string) => Buffer.from(guid.replace(/-/g, ''), 'hex');
  return `${Buffer.concat([bytes(roleDefinitionId), bytes(principalId)]).toString('base64url')}-1`;
}
