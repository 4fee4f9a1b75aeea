// One tenant's groups, their owners, and the membership graph between objects and groups (direct
// edges in both directions, so "members of" and "member of" are both cheap). Transitive walks guard
// against cycles, which the directory itself would refuse but seeds and tests could create.
// A soft-deleted group keeps its edges but drops out of every read until it is restored.

import type { GroupProperties, GroupRecord, LicenseAssignment } from './group-record.js';
import type { PendingReplication } from './replication-lag.js';

/** Graph's cap on getMemberGroups answers; a knob so tests can reach it cheaply. */
export const MEMBER_GROUPS_LIMIT = 11_000;

export class TenantGroups {
  readonly #groups = new Map<string, GroupRecord>();
  readonly #deleted = new Map<string, GroupRecord>();
  /** Object id -> ids of the groups it is a direct member of. */
  readonly #memberOf = new Map<string, Set<string>>();
  #nextOrdinal = 1;
  memberGroupsLimit = MEMBER_GROUPS_LIMIT;

  /** `replication` hides a group just created through Graph from reads until it has replicated. */
  constructor(private readonly replication?: PendingReplication) {}

  get size(): number {
    return this.#groups.size;
  }

  create(props: GroupProperties, assignedLicenses: LicenseAssignment[] = []): GroupRecord {
    const id = props.id.toLowerCase();
    if (this.#groups.has(id)) throw new Error(`duplicate group id ${id}`);
    props.id = id;
    const record: GroupRecord = {
      props,
      ordinal: this.#nextOrdinal++,
      members: new Set(),
      owners: new Set(),
      assignedLicenses,
    };
    this.#groups.set(id, record);
    return record;
  }

  /** An active group as a read sees it (a group still replicating is missing). */
  find(id: string): GroupRecord | undefined {
    const group = this.#groups.get(id.toLowerCase());
    return group && this.#replicated(group.props.id) ? group : undefined;
  }

  /** Every active group in creation order, as a read sees them. */
  all(): GroupRecord[] {
    return [...this.#groups.values()].filter((group) => this.#replicated(group.props.id));
  }

  #replicated(id: string): boolean {
    return !this.replication?.hides(id);
  }

  findDeleted(id: string): GroupRecord | undefined {
    return this.#deleted.get(id.toLowerCase());
  }

  /** Soft-deleted groups in creation order. */
  deleted(): GroupRecord[] {
    return [...this.#deleted.values()].sort((a, b) => a.ordinal - b.ordinal);
  }

  softDelete(group: GroupRecord, at = new Date()): void {
    this.#groups.delete(group.props.id);
    group.deletedDateTime = at.toISOString();
    this.#deleted.set(group.props.id, group);
  }

  restore(group: GroupRecord): void {
    this.#deleted.delete(group.props.id);
    delete group.deletedDateTime;
    this.#groups.set(group.props.id, group);
  }

  /** Removes the group for good, with every membership edge in and out of it. */
  purge(group: GroupRecord): void {
    const id = group.props.id;
    this.#groups.delete(id);
    this.#deleted.delete(id);
    for (const member of group.members) this.#memberOf.get(member)?.delete(id);
    for (const parentId of this.#memberOf.get(id) ?? []) {
      (this.#groups.get(parentId) ?? this.#deleted.get(parentId))?.members.delete(id);
    }
    this.#memberOf.delete(id);
  }

  addOwner(group: GroupRecord, userId: string): void {
    group.owners.add(userId.toLowerCase());
  }

  removeOwner(group: GroupRecord, userId: string): void {
    group.owners.delete(userId.toLowerCase());
  }

  isOwner(group: GroupRecord, userId: string): boolean {
    return group.owners.has(userId.toLowerCase());
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

  /** Active groups the user owns, in creation order (a user's ownedObjects, groups only). */
  ownedBy(userId: string): GroupRecord[] {
    const id = userId.toLowerCase();
    const owned = new Set<string>();
    for (const [groupId, group] of this.#groups) if (group.owners.has(id)) owned.add(groupId);
    return this.#inOrder(owned);
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
      // A deleted group carries no membership while it sits in deletedItems.
      if (seen.has(id) || !this.#groups.has(id) || !this.#replicated(id)) continue;
      seen.add(id);
      for (const parent of this.#memberOf.get(id) ?? []) if (!seen.has(parent)) queue.push(parent);
    }
    return this.#inOrder(seen);
  }

  #inOrder(ids: Iterable<string>): GroupRecord[] {
    const records: GroupRecord[] = [];
    for (const id of ids) {
      const record = this.#groups.get(id);
      if (record && this.#replicated(id)) records.push(record);
    }
    return records.sort((a, b) => a.ordinal - b.ordinal);
  }
}
