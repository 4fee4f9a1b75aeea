import type { Connection } from '../config/connection.js';
import { GraphError } from '../graph/graph-error.js';
import type { GraphCaller } from '../graph/graph-request.js';
import { readAppTokenClaims } from '../identity/token-claims.js';
import type { TokenProvider } from '../identity/token-provider.js';
import type { Deadline } from '../net/deadline.js';
import {
  CAPABILITY_PERMISSIONS,
  DIRECTORY_ROLES,
  type PermissionNeed,
  PRIVILEGED_OPERATIONS,
  type PrivilegedOperation,
  unmetNeeds,
  WORKFLOW_CAPABILITIES,
  workflowPermissions,
} from './permissions.js';

export type PermissionStatus = 'granted' | 'missing' | 'depends' | 'unknown';
export type RoleStatus = 'confirmed' | 'missing' | 'unknown';

export interface PermissionVerdict {
  status: PermissionStatus;
  /** The needs no granted permission satisfies: the call, and the permissions any one of which would do. */
  missing?: Array<{ call: string; anyOf: string[] }>;
  note?: string;
}

export interface RoleVerdict {
  operation: string;
  description: string;
  capabilities: string[];
  /** Any one of these, assigned tenant-wide, allows the operation. */
  roles: string[];
  status: RoleStatus;
  /** The role found, when confirmed. */
  heldRole?: string;
  detail?: string;
}

export interface PermissionReport {
  /** The token's `roles` claim, or null when the token could not be read. */
  roles: string[] | null;
  capabilities: Array<{ capability: string } & PermissionVerdict>;
  workflows: Array<{ workflow: string } & PermissionVerdict>;
  directoryRoles: RoleVerdict[];
}

export interface PermissionCheckDeps {
  tokens: TokenProvider;
  graph: GraphCaller;
  requestId: string;
  deadline: Deadline;
}

/** Any of these lets an app list role assignments (Graph reference: List unifiedRoleAssignments). */
const ROLE_READ_PERMISSIONS = 'RoleManagement.Read.Directory (or Directory.Read.All)';

/**
 * Acquires a token for the connection (through the cached provider, so an identity failure
 * rejects as any call would), reads its application permissions, and answers what each
 * capability, workflow and privileged operation needs against them.
 */
export async function checkPermissions(
  connection: Connection,
  capabilityIds: readonly string[],
  deps: PermissionCheckDeps,
): Promise<PermissionReport> {
  const token = await deps.tokens.getToken(connection, deps.graph.cloud, deps.deadline);
  const claims = readAppTokenClaims(token);
  const granted = claims ? new Set(claims.roles) : undefined;
  const verdict = (needs: readonly PermissionNeed[] | undefined): PermissionVerdict => {
    if (needs === undefined) {
      return { status: 'depends', note: 'Needs what Graph documents for the endpoint called.' };
    }
    if (granted === undefined) return { status: 'unknown', note: 'The access token could not be read.' };
    const missing = unmetNeeds(needs, granted);
    return missing.length === 0
      ? { status: 'granted' }
      : { status: 'missing', missing: missing.map(({ call, anyOf }) => ({ call, anyOf: [...anyOf] })) };
  };
  return {
    roles: claims ? [...claims.roles].sort() : null,
    capabilities: capabilityIds.map((capability) => ({
      capability,
      ...verdict(CAPABILITY_PERMISSIONS[capability]),
    })),
    workflows: (Object.keys(WORKFLOW_CAPABILITIES) as Array<keyof typeof WORKFLOW_CAPABILITIES>).map(
      (workflow) => ({ workflow, ...verdict(workflowPermissions(workflow)) }),
    ),
    directoryRoles: await roleVerdicts(connection, claims?.servicePrincipalId, deps),
  };
}

async function roleVerdicts(
  connection: Connection,
  servicePrincipalId: string | undefined,
  deps: PermissionCheckDeps,
): Promise<RoleVerdict[]> {
  const held = servicePrincipalId
    ? await tenantWideRoles(connection, servicePrincipalId, deps)
    : { unknown: 'The access token names no service principal (oid), so its roles cannot be looked up.' };
  return PRIVILEGED_OPERATIONS.map((operation) => roleVerdict(operation, held));
}

function roleVerdict(operation: PrivilegedOperation, held: Set<string> | { unknown: string }): RoleVerdict {
  const base = {
    operation: operation.id,
    description: operation.description,
    capabilities: [...operation.capabilities],
    roles: [...operation.roles],
  };
  if (!(held instanceof Set)) return { ...base, status: 'unknown', detail: held.unknown };
  const heldRole = operation.roles.find((role) => held.has(DIRECTORY_ROLES[role]));
  return heldRole
    ? { ...base, status: 'confirmed', heldRole }
    : {
        ...base,
        status: 'missing',
        detail: `The app's service principal holds none of these roles tenant-wide (assignments through a group or an administrative unit are not counted).`,
      };
}

/**
 * The role definition ids assigned to the service principal at the tenant scope (`/`), read with
 * GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'. The principal id is
 * the token's `oid`, so one call suffices and Application.Read.All (needed to look the service
 * principal up by appId) is not. A refusal or failure makes the answer unknown, never missing.
 */
async function tenantWideRoles(
  connection: Connection,
  servicePrincipalId: string,
  deps: PermissionCheckDeps,
): Promise<Set<string> | { unknown: string }> {
  try {
    const { body } = await deps.graph.send<{
      value?: Array<{ roleDefinitionId?: unknown; directoryScopeId?: unknown }>;
    }>({
      connection,
      method: 'GET',
      path: '/roleManagement/directory/roleAssignments',
      query: new URLSearchParams({ $filter: `principalId eq '${servicePrincipalId.replace(/'/g, "''")}'` }),
      requestId: deps.requestId,
      deadline: deps.deadline,
    });
    return new Set(
      (body.value ?? [])
        .filter((a) => a.directoryScopeId === '/' && typeof a.roleDefinitionId === 'string')
        .map((a) => (a.roleDefinitionId as string).toLowerCase()),
    );
  } catch (error) {
    if (error instanceof GraphError && error.status === 403) {
      return { unknown: `The app may not read its role assignments: grant ${ROLE_READ_PERMISSIONS}.` };
    }
    if (error instanceof GraphError) {
      return { unknown: `Graph answered ${error.status} ${error.code} when the role assignments were read.` };
    }
    return { unknown: 'Graph could not be reached when the role assignments were read.' };
  }
}
