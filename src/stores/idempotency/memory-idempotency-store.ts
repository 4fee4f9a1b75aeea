import { randomUUID } from 'node:crypto';
import type {
  BeginOutcome,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from './idempotency-store.js';
import { outcomeOf } from './idempotency-store.js';

/**
 * One process's records, for `memory:` state stores: lost on restart and not shared between
 * replicas, like the memory cursor store. Bounded: past `maxRecords` the oldest are dropped.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly kind = 'memory';
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #maxRecords: number;
  readonly #now: () => number;

  constructor(options: { maxRecords?: number; now?: () => number } = {}) {
    this.#maxRecords = options.maxRecords ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  async begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginOutcome> {
    const existing = this.#live(key);
    if (existing) return outcomeOf(existing);
    const owner = randomUUID();
    this.#records.set(key, { fingerprint, owner, expiresAt: this.#now() + leaseMs });
    this.#trim();
    return { state: 'claimed', owner };
  }

  async complete(key: string, owner: string, response: StoredResponse, retentionMs: number): Promise<void> {
    const record = this.#live(key);
    if (record?.owner !== owner) return;
    // Re-inserted so that Map order stays oldest-first for #trim.
    this.#records.delete(key);
    this.#records.set(key, { ...record, response, expiresAt: this.#now() + retentionMs });
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#records.get(key)?.owner === owner) this.#records.delete(key);
  }

  async close(): Promise<void> {
    this.#records.clear();
  }

  #live(key: string): IdempotencyRecord | undefined {
    const record = this.#records.get(key);
    if (record && record.expiresAt <= this.#now()) {
      this.#records.delete(key);
      return undefined;
    }
    return record;
  }

  #trim(): void {
    for (const key of this.#records.keys()) {
      if (this.#records.size <= this.#maxRecords) return;
      this.#records.delete(key);
    }
  }
}
