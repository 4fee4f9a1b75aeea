// Active users kept sorted by creation ordinal, so paging can resume after a cursor in
// O(log n) even with 100,000 users, and deletes/restores keep everyone else's position.

import type { UserRecord } from './user-record.js';

export class OrderedUsers {
  readonly #items: UserRecord[] = [];

  get size(): number {
    return this.#items.length;
  }

  insert(user: UserRecord): void {
    const last = this.#items[this.#items.length - 1];
    // Seeding and creates append in order; only restores land in the middle.
    if (!last || last.ordinal < user.ordinal) {
      this.#items.push(user);
      return;
    }
    this.#items.splice(this.#firstIndexAfter(user.ordinal - 1), 0, user);
  }

  remove(user: UserRecord): void {
    const index = this.#firstIndexAfter(user.ordinal - 1);
    if (this.#items[index] === user) this.#items.splice(index, 1);
  }

  /** Users whose ordinal is greater than `afterOrdinal`, in order. */
  *after(afterOrdinal: number): Generator<UserRecord> {
    for (let i = this.#firstIndexAfter(afterOrdinal); i < this.#items.length; i += 1) {
      yield this.#items[i]!;
    }
  }

  #firstIndexAfter(ordinal: number): number {
    let low = 0;
    let high = this.#items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#items[mid]!.ordinal <= ordinal) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
