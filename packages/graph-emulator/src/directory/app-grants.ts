// What an app registration has been granted in its tenant, as Entra records it on the app's
// service principal: Microsoft Graph application permissions (app role assignments, which the
// identity platform copies into the `roles` claim of an app-only token) and Microsoft Entra
// directory role assignments (read through /roleManagement/directory/roleAssignments).

import { randomUUID } from 'node:crypto';

/** Built-in role template ids (Microsoft Entra built-in roles reference). */
export const DIRECTORY_ROLE_IDS = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
} as const;

/**
 * The Graph application permissions an app gets when its tenant is added without naming any:
 * what every route of the service needs, so the sandbox's check answers "granted" throughout.
 */
export const DEFAULT_APP_PERMISSIONS: readonly string[] = [
  'User.ReadWrite.All',
  'User.RevokeSessions.All',
  'Group.ReadWrite.All',
  'GroupMember.ReadWrite.All',
  'Directory.ReadWrite.All',
  'LicenseAssignment.Read.All',
  'RoleManagement.Read.Directory',
];

export interface AppGrantsInput {
  /** Graph application permission names, e.g. `User.Read.All`; DEFAULT_APP_PERMISSIONS when absent. */
  permissions?: readonly string[];
  /** Directory role template ids assigned to the service principal tenant-wide; none when absent. */
  directoryRoles?: readonly string[];
  /** The service principal's object id; generated when absent. */
  servicePrincipalId?: string;
}

export interface AppGrants {
  /** Object id of the app's service principal in this tenant (the token's `oid`). */
  readonly servicePrincipalId: string;
  readonly permissions: readonly string[];
  readonly directoryRoles: readonly string[];
}

export function toAppGrants(input: AppGrantsInput = {}): AppGrants {
  return {
    servicePrincipalId: (input.servicePrincipalId ?? randomUUID()).toLowerCase(),
    permissions: [...new Set(input.permissions ?? DEFAULT_APP_PERMISSIONS)],
    directoryRoles: [...new Set((input.directoryRoles ?? []).map((id) => id.toLowerCase()))],
  };
}
