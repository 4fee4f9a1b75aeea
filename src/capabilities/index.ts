import type { Capability } from './capability.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { readUser } from './read-user.js';
import { updateUser } from './update-user.js';

/** Every capability the service offers, in the seed's order. Routes, OpenAPI and GET /capabilities come from here. */
export const CAPABILITIES: Capability[] = [readUser, createUser, updateUser, deleteUser];
