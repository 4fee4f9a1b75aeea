/**
 * Which Microsoft Graph application permissions, and which Microsoft Entra directory roles, each
 * route of the service needs. One table: POST /connections/{name}/check answers from it, and the
 * README's permissions table is generated from it (`npm run docs:permissions`; a test fails on
 * drift).
 *
 * Each need lists the permissions that satisfy it, the least privileged first, as the "Permissions"
 * section of the Graph API reference page of the call lists them (least privileged, then higher
 * privileged): an app holding any one of them is granted. Where a capability makes several calls
 * (a membership check reads the user and the groups), it has one need per call.
 */

/** A Graph call the service makes and the application permissions that allow it, least privileged first. */
export interface PermissionNeed {
  /** What the permission is for, e.g. `POST /users`. */
  readonly call: string;
  readonly anyOf: readonly [string, ...string[]];
}

const USER_READ: PermissionNeed = {
  call: 'read users (GET /users, /users/{id}, /users/delta, manager, directReports)',
  anyOf: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};
const USER_CREATE: PermissionNeed = {
  call: 'POST /users',
  anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const USER_UPDATE: PermissionNeed = {
  call: 'PATCH /users/{id}',
  anyOf: ['User.ReadUpdate.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
// Graph's reference lists no higher permission for a delete: Directory.ReadWrite.All does not allow it.
const USER_DELETE: PermissionNeed = { call: 'DELETE /users/{id}', anyOf: ['User.ReadWrite.All'] };
const MANAGER_WRITE: PermissionNeed = {
  call: 'PUT, DELETE /users/{id}/manager/$ref',
  anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const REVOKE_SESSIONS: PermissionNeed = {
  call: 'POST /users/{id}/revokeSignInSessions',
  anyOf: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const ASSIGN_LICENSE: PermissionNeed = {
  call: 'POST /users/{id}/assignLicense',
  anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const SKUS_READ: PermissionNeed = {
  call: 'GET /subscribedSkus',
  anyOf: [
    'LicenseAssignment.Read.All',
    'Organization.Read.All',
    'Directory.Read.All',
    'LicenseAssignment.ReadWrite.All',
    'Organization.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
};
const MEMBERSHIP_READ: PermissionNeed = {
  call: "read memberships (a user's groups, a group's owners, checkMemberGroups)",
  anyOf: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Directory.Read.All',
    'GroupMember.ReadWrite.All',
    'Group.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
};
const MEMBER_WRITE: PermissionNeed = {
  call: 'POST, DELETE /groups/{id}/members/$ref',
  anyOf: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const OWNER_WRITE: PermissionNeed = {
  call: 'POST, DELETE /groups/{id}/owners/$ref',
  anyOf: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
};

/** Microsoft Entra built-in roles, by the template id role assignments name them with. */
export const DIRECTORY_ROLES = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
} as const;

export type DirectoryRoleName = keyof typeof DIRECTORY_ROLES;

/** An operation Graph allows an app only with a directory role on top of its permissions. */
export interface PrivilegedOperation {
  readonly id: string;
  readonly description: string;
  /** The capabilities that can perform it. */
  readonly capabilities: readonly string[];
  /** Any one of these roles, assigned tenant-wide, allows it; the least privileged first. */
  readonly roles: readonly [DirectoryRoleName, ...DirectoryRoleName[]];
}

/**
 * From the Graph reference: the `passwordProfile` of user (update) needs User.ReadWrite.All and at
 * least the User Administrator role in app-only access; users with administrator roles, whose
 * password and sensitive properties User Administrator may not change and User.ReadWrite.All may
 * not delete, need a higher role ("Who can perform sensitive actions": Privileged Authentication
 * Administrator, or Global Administrator).
 */
export const PRIVILEGED_OPERATIONS: readonly PrivilegedOperation[] = [
  {
    id: 'reset-password',
    description: 'Reset the password (passwordProfile) of users who hold no administrator role',
    capabilities: ['update-user'],
    roles: ['User Administrator', 'Privileged Authentication Administrator', 'Global Administrator'],
  },
  {
    id: 'manage-administrators',
    description:
      'Reset the password of, change sensitive properties (accountEnabled, mobilePhone, otherMails) of, or delete, users who hold an administrator role',
    capabilities: ['update-user', 'delete-user'],
    roles: ['Privileged Authentication Administrator', 'Global Administrator'],
  },
];

/**
 * What each capability needs. `undefined` for the custom call: it needs what Graph documents for
 * the endpoint it is given, which the service cannot know in advance.
 */
export const CAPABILITY_PERMISSIONS: Readonly<Record<string, readonly PermissionNeed[] | undefined>> = {
  'query-users': [USER_READ],
  'query-user-changes': [USER_READ],
  'read-user': [USER_READ],
  'create-user': [USER_CREATE],
  'update-user': [USER_UPDATE],
  'delete-user': [USER_DELETE],
  'manage-user-license': [ASSIGN_LICENSE, SKUS_READ],
  'list-users-groups': [MEMBERSHIP_READ],
  'add-user-to-group': [MEMBER_WRITE],
  'remove-user-from-group': [MEMBER_WRITE],
  'make-a-custom-api-call': undefined,
  'get-user-manager': [USER_READ],
  'set-user-manager': [MANAGER_WRITE],
  'remove-user-manager': [MANAGER_WRITE],
  'list-direct-reports': [USER_READ],
  'revoke-user-sessions': [REVOKE_SESSIONS],
  'list-group-owners': [MEMBERSHIP_READ],
  'add-group-owner': [OWNER_WRITE],
  'remove-group-owner': [OWNER_WRITE],
  'check-user-membership': [USER_READ, MEMBERSHIP_READ],
  'list-subscribed-skus': [SKUS_READ],
};

/**
 * The capabilities each workflow may run as steps; its plan also reads the user, the manager, the
 * memberships and owned groups first (USER_READ, MEMBERSHIP_READ). A test checks these lists
 * against the capabilities the plan-*.ts files name.
 */
export const WORKFLOW_CAPABILITIES = {
  onboard: ['create-user', 'set-user-manager', 'add-user-to-group', 'manage-user-license'],
  move: [
    'update-user',
    'set-user-manager',
    'remove-user-manager',
    'add-user-to-group',
    'remove-user-from-group',
    'manage-user-license',
  ],
  offboard: [
    'update-user',
    'revoke-user-sessions',
    'remove-user-from-group',
    'add-group-owner',
    'remove-group-owner',
    'manage-user-license',
    'remove-user-manager',
    'delete-user',
  ],
} as const satisfies Record<string, readonly string[]>;

/** A workflow's needs: its plan's reads, then each step capability's, without repeats. */
export function workflowPermissions(workflow: keyof typeof WORKFLOW_CAPABILITIES): PermissionNeed[] {
  const needs = [USER_READ, MEMBERSHIP_READ, ...WORKFLOW_CAPABILITIES[workflow].flatMap(needsOf)];
  return [...new Set(needs)];
}

function needsOf(capability: string): readonly PermissionNeed[] {
  return CAPABILITY_PERMISSIONS[capability] ?? [];
}

/** The needs `granted` does not satisfy (empty when the app holds everything). */
export function unmetNeeds(needs: readonly PermissionNeed[], granted: ReadonlySet<string>): PermissionNeed[] {
  return needs.filter((need) => !need.anyOf.some((permission) => granted.has(permission)));
}
