// One tenant's groups and the membership graph between objects and groups (direct edges in
// both directions, so "members of" and "member of" are both cheap). Transitive walks guard
// against cycles, which the directory itself would refuse but seeds and tests could create.

import type { GroupProperties, GroupRecord, LicenseAssignment } from './group-record.js';

/** Graph's cap on getMemberGroups answers; a knob so tests can reach it cheaply. */
export const MEMBER_GROUPS_LIMIT = 11_000;

export class TenantGroups {
  readonly #groups = new Map<string, GroupRecord>();
  /** Object id -> ids of the groups it is a direct member of. */
  readonly #memberOf = new Map<string, Set<string>>();
  #nextOrdinal = 1;
  memberGroupsLimit = MEMBER_GROUPS_LIMIT;

  get size(): number {
    return this.#groups.size;
  }

  create(props: GroupProperties, assignedLicenses: LicenseAssignment[] = []): GroupRecord {
    const id = props.id.toLowerCase();
    if (this.#groups.has(id)) throw new Error(`duplicate group id ${id}`);
    props.id = id;
    const record: GroupRecord = { props, ordinal: this.#nextOrdinal++, members: new Set(), assignedLicenses };
    this.#groups.set(id, record);
    return record;
  }

  find(id: string): GroupRecord | undefined {
    return this.#groups.get(id.toLowerCase());
  }

  /** Every group in creation order. */
  all(): GroupRecord[] {
    return [...this.#groups.values()];
  }

  isMember(group: GroupRecord, objectId: string): boolean {
    return group.members.has(objectId.toLowerCase());
  }

  addMember(group: GroupRecord, objectId: string): void {
    const id = objectId.toLowerCase();
    group.members.add(id);
    let parents = this.#memberOf.get(id);
    if (!parents) {
      parents = new Set();
      this.#memberOf.set(id, parents);
    }
    parents.add(group.props.id);
  }

  removeMember(group: GroupRecord, objectId: string): void {
    const id = objectId.toLowerCase();
    group.members.delete(id);
    this.#memberOf.get(id)?.delete(group.props.id);
  }

  /** Groups the object is a direct member of, in creation order. */
  directGroupsOf(objectId: string): GroupRecord[] {
    const ids = this.#memberOf.get(objectId.toLowerCase());
    return ids ? this.#inOrder(ids) : [];
  }

  /** Groups the object belongs to directly or through nested groups, in creation order. */
  transitiveGroupsOf(objectId: string): GroupRecord[] {
    const seen = new Set<string>();
    const queue = [...(this.#memberOf.get(objectId.toLowerCase()) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const parent of this.#memberOf.get(id) ?? []) if (!seen.has(parent)) queue.push(parent);
    }
    return this.#inOrder(seen);
  }

  #inOrder(ids: Iterable<string>): GroupRecord[] {
    const records: GroupRecord[] = [];
    for (const id of ids) {
      const record = this.#groups.get(id);
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.ordinal - b.ordinal);
  }
}
