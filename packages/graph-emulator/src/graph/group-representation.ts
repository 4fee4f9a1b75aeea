// How groups look on the wire: `@odata.type` first in polymorphic collections, Graph's default
// group properties, or exactly the `$select`ed ones. https://learn.microsoft.com/graph/api/resources/group

import type { GroupRecord } from '../directory/group-record.js';
import { GROUP_COLLECTION_PROPERTIES, GROUP_DEFAULT_PROPERTIES } from '../odata/group-properties.js';

export const GROUP_TYPE = '#microsoft.graph.group';
export const USER_TYPE = '#microsoft.graph.user';

/** The group as `$filter`, `$search` and `$orderby` see it: its properties plus its licenses. */
export function groupSubject(group: GroupRecord): Record<string, unknown> {
  return {
    ...group.props,
    assignedLicenses: group.assignedLicenses,
    deletedDateTime: group.deletedDateTime ?? null,
  };
}

/** The default properties, or the selected ones (names already canonical); `null` and `[]` for unset. */
export function projectGroup(
  group: GroupRecord,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  const subject = groupSubject(group);
  const out: Record<string, unknown> = {};
  for (const name of select ?? GROUP_DEFAULT_PROPERTIES) {
    const value = subject[name];
    out[name] =
      value === undefined || value === null
        ? GROUP_COLLECTION_PROPERTIES.has(name)
          ? []
          : null
        : structuredClone(value);
  }
  return out;
}
