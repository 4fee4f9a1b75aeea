// Who manages whom in one tenant: one manager per user, and the reverse index for direct reports.
// Links point at object ids and survive a soft delete of either end (Graph hides deleted objects
// from reads; a restore brings the link back); a purge removes them.

export class OrgChart {
  /** User id -> manager id. */
  readonly #managerOf = new Map<string, string>();
  /** Manager id -> ids of the users it manages. */
  readonly #reportsOf = new Map<string, Set<string>>();
  /** User id -> the manager most recently removed (delta reports it as `@removed`). */
  readonly #formerManagerOf = new Map<string, string>();

  managerOf(userId: string): string | undefined {
    return this.#managerOf.get(userId.toLowerCase());
  }

  formerManagerOf(userId: string): string | undefined {
    return this.#formerManagerOf.get(userId.toLowerCase());
  }

  /** Direct reports in the order they were assigned. */
  reportsOf(managerId: string): string[] {
    return [...(this.#reportsOf.get(managerId.toLowerCase()) ?? [])];
  }

  /** Whether setting `managerId` as the manager of `userId` would close a loop. */
  wouldCycle(userId: string, managerId: string): boolean {
    const target = userId.toLowerCase();
    const seen = new Set<string>();
    for (
      let id: string | undefined = managerId.toLowerCase();
      id !== undefined;
      id = this.#managerOf.get(id)
    ) {
      if (id === target) return true;
      if (seen.has(id)) return false;
      seen.add(id);
    }
    return false;
  }

  setManager(userId: string, managerId: string): void {
    const user = userId.toLowerCase();
    const manager = managerId.toLowerCase();
    this.#unlink(user);
    this.#managerOf.set(user, manager);
    let reports = this.#reportsOf.get(manager);
    if (!reports) {
      reports = new Set();
      this.#reportsOf.set(manager, reports);
    }
    reports.add(user);
    this.#formerManagerOf.delete(user);
  }

  /** Removes the user's manager; returns the id that was removed, if any. */
  removeManager(userId: string): string | undefined {
    const user = userId.toLowerCase();
    const former = this.#unlink(user);
    if (former !== undefined) this.#formerManagerOf.set(user, former);
    return former;
  }

  /** Forgets every link of a purged object, in both directions. */
  forget(objectId: string): void {
    const id = objectId.toLowerCase();
    this.#unlink(id);
    this.#formerManagerOf.delete(id);
    for (const report of this.#reportsOf.get(id) ?? []) {
      this.#managerOf.delete(report);
      this.#formerManagerOf.set(report, id);
    }
    this.#reportsOf.delete(id);
  }

  #unlink(user: string): string | undefined {
    const manager = this.#managerOf.get(user);
    if (manager === undefined) return undefined;
    this.#managerOf.delete(user);
    this.#reportsOf.get(manager)?.delete(user);
    return manager;
  }
}
