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
  #records: AuditRecord[] = [];
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
    // Kept in arrival order: drop from the front what is expired or beyond the bound.
    let drop = 0;
    while (drop < this.#records.length && Date.parse(this.#records[drop]!.at) < oldest) drop += 1;
    drop = Math.max(drop, this.#records.length + 1 - this.#maxRecords);
    if (drop > 0) this.#records = this.#records.slice(drop);
    this.#records.push(structuredClone(record));
  }

  async query(scope: AuditScope, filter: AuditFilter): Promise<AuditRecord[]> {
    const since = Math.max(filter.since ?? 0, this.#now() - this.#retentionMs);
    const object = filter.objectId === undefined ? undefined : objectKey(filter.objectId);
    return this.#records
      .filter(
        (record) =>
          record.tenantId === scope.tenantId &&
          record.clientId === scope.clientId &&
          Date.parse(record.at) >= since &&
          (object === undefined || (record.objectId !== undefined && objectKey(record.objectId) === object)),
      )
      .sort(newestFirst)
      .slice(0, filter.limit)
      .map((record) => structuredClone(record));
  }

  async close(): Promise<void> {
    this.#records = [];
  }
}
