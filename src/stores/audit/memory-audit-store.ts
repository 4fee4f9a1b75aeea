import {
  type AuditFilter,
  type AuditRecord,
  type AuditScope,
  type AuditStore,
  newestFirst,
  objectKey,
} from './audit-store.js';

/**
 * One process's audit trail, for `memory:` state stores: lost on restart. Bounded: past
 * `maxRecords` the oldest are dropped, and records past the retention on each append.
 */
export class MemoryAuditStore implements AuditStore {
  readonly kind = 'memory';
  /** Arrival order; those before #head are dropped, and cut off in one go now and then. */
  #kept: Kept[] = [];
  #head = 0;
  readonly #retentionMs: number;
  readonly #maxRecords: number;
  readonly #now: () => number;

  constructor(options: { retentionMs: number; maxRecords?: number; now?: () => number }) {
    this.#retentionMs = options.retentionMs;
    this.#maxRecords = options.maxRecords ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  async append(record: AuditRecord): Promise<void> {
    const oldest = this.#now() - this.#retentionMs;
    const kept = this.#kept;
    // Drop from the front what is expired or beyond the bound, by moving #head: copying the array
    // on every append, once it is full, cost more than the rest of the record's handling.
    while (this.#head < kept.length && kept[this.#head]!.atMs < oldest) this.#head += 1;
    this.#head = Math.max(this.#head, kept.length + 1 - this.#maxRecords);
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= kept.length) {
      this.#kept = kept.slice(this.#head);
      this.#head = 0;
    }
    this.#kept.push({ record: copyOf(record), atMs: Date.parse(record.at) });
  }

  async query(scope: AuditScope, filter: AuditFilter): Promise<AuditRecord[]> {
    const since = Math.max(filter.since ?? 0, this.#now() - this.#retentionMs);
    const object = filter.objectId === undefined ? undefined : objectKey(filter.objectId);
    return this.#kept
      .slice(this.#head)
      .filter(
        ({ record, atMs }) =>
          record.tenantId === scope.tenantId &&
          record.clientId === scope.clientId &&
          atMs >= since &&
          (object === undefined || (record.objectId !== undefined && objectKey(record.objectId) === object)),
      )
      .map(({ record }) => record)
      .sort(newestFirst)
      .slice(0, filter.limit)
      .map((record) => structuredClone(record));
  }

  async close(): Promise<void> {
    this.#kept = [];
    this.#head = 0;
  }
}

interface Kept {
  record: AuditRecord;
  /** `at` as epoch milliseconds, parsed once. */
  atMs: number;
}

/** Dropped records are cut off the array once this many have gone (and half of it is dropped). */
const COMPACT_AFTER = 1024;

/**
 * The store's own copy: the caller's arrays (a workflow step's request ids) may change later.
 * Its fields are strings and arrays of strings, so a shallow copy with copied arrays does, at a
 * fraction of structuredClone's cost.
 */
function copyOf(record: AuditRecord): AuditRecord {
  const copy = { ...record, fields: [...record.fields] };
  if (record.graphRequestIds) copy.graphRequestIds = [...record.graphRequestIds];
  return copy;
}
