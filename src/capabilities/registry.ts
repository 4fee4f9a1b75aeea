import type { Capability } from './capability.js';
import { makeACustomApiCall } from './custom-call/make-a-custom-api-call.js';
import { queryUserChanges } from './delta/query-user-changes.js';
import { addGroupOwner } from './groups/add-group-owner.js';
import { addUserToGroup } from './groups/add-user-to-group.js';
import { checkUserMembership } from './groups/check-user-membership.js';
import { listGroupOwners } from './groups/list-group-owners.js';
import { listUsersGroups } from './groups/list-users-groups.js';
import { removeGroupOwner } from './groups/remove-group-owner.js';
import { removeUserFromGroup } from './groups/remove-user-from-group.js';
import { listSubscribedSkus } from './licenses/list-subscribed-skus.js';
import { manageUserLicense } from './licenses/manage-user-license.js';
import { createUser } from './users/create-user.js';
import { deleteUser } from './users/delete-user.js';
import { getUserManager } from './users/get-user-manager.js';
import { listDirectReports } from './users/list-direct-reports.js';
import { queryUsers } from './users/query-users.js';
import { readUser } from './users/read-user.js';
import { removeUserManager } from './users/remove-user-manager.js';
import { revokeUserSessions } from './users/revoke-user-sessions.js';
import { setUserManager } from './users/set-user-manager.js';
import { updateUser } from './users/update-user.js';

/**
 * Every capability the service offers: the connector documentation's ten in its order, then the
 * directory capabilities the joiner, mover and leaver processes need. Routes, OpenAPI and
 * GET /capabilities come from here.
 */
export const CAPABILITIES: Capability[] = [
  queryUsers,
  queryUserChanges,
  readUser,
  createUser,
  updateUser,
  deleteUser,
  manageUserLicense,
  listUsersGroups,
  addUserToGroup,
  removeUserFromGroup,
  makeACustomApiCall,
  getUserManager,
  setUserManager,
  removeUserManager,
  listDirectReports,
  revokeUserSessions,
  listGroupOwners,
  addGroupOwner,
  removeGroupOwner,
  checkUserMembership,
  listSubscribedSkus,
];
