import { addUserToGroup } from './add-user-to-group.js';
import type { Capability } from './capability.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { listUsersGroups } from './list-users-groups.js';
import { makeACustomApiCall } from './make-a-custom-api-call.js';
import { manageUserLicense } from './manage-user-license.js';
import { queryUserChanges } from './query-user-changes.js';
import { queryUsers } from './query-users.js';
import { readUser } from './read-user.js';
import { removeUserFromGroup } from './remove-user-from-group.js';
import { updateUser } from './update-user.js';

/** Every capability the service offers, in the seed's order. Routes, OpenAPI and GET /capabilities come from here. */
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
