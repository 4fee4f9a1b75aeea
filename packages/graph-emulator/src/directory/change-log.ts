// Per-tenant log of directory mutations with a monotonically increasing sequence number.
// /users/delta turns ranges of this log into rounds of changes (graph/users-delta.ts); the log
// is append-only, so a range (after, upTo] always folds to the same list of changes.

export type ChangeKind = 'created' | 'updated' | 'softDeleted' | 'restored' | 'hardDeleted';

export interface ChangeEntry {
  readonly seq: number;
  readonly userId: string;
  readonly kind: ChangeKind;
  /** Canonical property names the mutation set or cleared (all set properties on create). */
  readonly changedProperties: readonly string[];
  /** ISO timestamp of the mutation. */
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

  /** Entries with seq greater than `afterSeq`, oldest first (a copy). */
  since(afterSeq: number): readonly ChangeEntry[] {
    // Sequence numbers are dense and start at 1, so the index is seq - 1.
    return this.#entries.slice(Math.max(0, afterSeq));
  }

  /** Entries with `afterSeq < seq <= upToSeq`, oldest first, without copying the log. */
  *between(afterSeq: number, upToSeq: number): Generator<ChangeEntry> {
    const end = Math.min(upToSeq, this.#entries.length);
    for (let i = Math.max(0, afterSeq); i < end; i += 1) yield this.#entries[i]!;
  }
}
