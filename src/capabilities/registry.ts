import type { Capability } from './capability.js';
import { makeACustomApiCall } from './custom-call/make-a-custom-api-call.js';
import { queryUserChanges } from './delta/query-user-changes.js';
import { addUserToGroup } from './groups/add-user-to-group.js';
import { listUsersGroups } from './groups/list-users-groups.js';
import { removeUserFromGroup } from './groups/remove-user-from-group.js';
import { manageUserLicense } from './licenses/manage-user-license.js';
import { createUser } from './users/create-user.js';
import { deleteUser } from './users/delete-user.js';
import { queryUsers } from './users/query-users.js';
import { readUser } from './users/read-user.js';
import { updateUser } from './users/update-user.js';

/**
 * Every capability the service offers, in the connector documentation's order. Routes, OpenAPI and
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
];
