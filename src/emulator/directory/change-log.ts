// Per-tenant log of directory mutations with a monotonically increasing sequence number.
// /users/delta (a later slice) turns ranges of this log into rounds of changes.

export type ChangeKind = 'created' | 'updated' | 'softDeleted' | 'restored' | 'hardDeleted';

export interface ChangeEntry {
  readonly seq: number;
  readonly userId: string;
  readonly kind: ChangeKind;
  /** Canonical property names the mutation set or cleared (all set properties on create). */
  readonly changedProperties: readonly string[];
  /** ISO timestamp; delta token expiry will be measured against it. */
  readonly at: string;
}

export class ChangeLog {
  readonly #entries: ChangeEntry[] = [];
  #seq = 0;

  record(userId: string, kind: ChangeKind, changedProperties: readonly string[]): ChangeEntry {
    this.#seq += 1;
    const entry: ChangeEntry = {
      seq: this.#seq,
      userId,
      kind,
      changedProperties,
      at: new Date().toISOString(),
    };
    this.#entries.push(entry);
    return entry;
  }

  /** The sequence number of the latest change (0 when nothing happened yet). */
  get currentSeq(): number {
    return this.#seq;
  }

  /** Entries with seq greater than `afterSeq`, oldest first. */
  since(afterSeq: number): readonly ChangeEntry[] {
    // Sequence numbers are dense and start at 1, so the index is seq - 1.
    return this.#entries.slice(Math.max(0, afterSeq));
  }
}
