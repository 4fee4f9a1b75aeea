// The objects of polymorphic Graph collections (members, owners, memberOf, directReports): a user
// or a group of the tenant, how `$filter`/`$search`/`$orderby` see it, and how it is written.

import type { GroupRecord } from '../directory/group-record.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserRecord } from '../directory/user-record.js';
import { GROUP_PROPERTY_NAMES } from '../odata/group-properties.js';
import { USER_PROPERTY_NAMES } from '../odata/user-properties.js';
import { GROUP_TYPE, groupSubject, projectGroup, USER_TYPE } from './group-representation.js';
import { projectUser } from './select-projection.js';

export type DirectoryObject =
  | { kind: 'user'; id: string; ordinal: number; record: UserRecord }
  | { kind: 'group'; id: string; ordinal: number; record: GroupRecord };

export function userObject(record: UserRecord): DirectoryObject {
  return { kind: 'user', id: record.props.id, ordinal: record.ordinal, record };
}

export function groupObject(record: GroupRecord): DirectoryObject {
  return { kind: 'group', id: record.props.id, ordinal: record.ordinal, record };
}

/** An active user or group by object id. */
export function findDirectoryObject(tenant: TenantDirectory, id: string): DirectoryObject | undefined {
  const user = tenant.findUser(id);
  if (user && user.props.id === id.toLowerCase()) return userObject(user);
  const group = tenant.groups.find(id);
  return group ? groupObject(group) : undefined;
}

/** Active users and groups for a list of ids, skipping those deleted or gone. */
export function resolveObjects(tenant: TenantDirectory, ids: Iterable<string>): DirectoryObject[] {
  const objects: DirectoryObject[] = [];
  for (const id of ids) {
    const found = findDirectoryObject(tenant, id);
    if (found) objects.push(found);
  }
  return objects;
}

export function subjectOf(object: DirectoryObject): Record<string, unknown> {
  return object.kind === 'user' ? object.record.props : groupSubject(object.record);
}

/** `microsoft.graph.user` or `microsoft.graph.group`. */
export function typeNameOf(object: DirectoryObject): string {
  return object.kind === 'user' ? 'microsoft.graph.user' : 'microsoft.graph.group';
}

const USER_NAMES = new Set(USER_PROPERTY_NAMES);
const GROUP_NAMES = new Set(GROUP_PROPERTY_NAMES);

/**
 * The object's default properties, or the selected ones its type has (a polymorphic `$select`
 * may name properties of other types), with `@odata.type` first when `typed`.
 */
export function projectObject(
  object: DirectoryObject,
  select: readonly string[] | undefined,
  typed: boolean,
): Record<string, unknown> {
  const head = typed ? { '@odata.type': object.kind === 'user' ? USER_TYPE : GROUP_TYPE } : {};
  if (object.kind === 'user') {
    return {
      ...head,
      ...projectUser(
        object.record.props,
        select?.filter((n) => USER_NAMES.has(n)),
      ),
    };
  }
  return {
    ...head,
    ...projectGroup(
      object.record,
      select?.filter((n) => GROUP_NAMES.has(n)),
    ),
  };
}
