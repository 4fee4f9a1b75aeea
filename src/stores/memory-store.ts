/**
 * In-process cursor store for tests and throwaway runs. Each method runs to completion without
 * awaiting, so a compare-and-set is atomic on Node's single thread.
 */
import {
  type Clock,
  type CursorKey,
  type CursorScope,
  type CursorStore,
  type CursorWrite,
  cursorKeyOf,
  type SyncCursor,
} from './cursor-store.js';
import { validateKey, validatePut, validateScope } from './cursor-validation.js';
import { CursorConflictError, StoreUnavailableError } from './store-errors.js';

export interface MemoryCursorStoreOptions {
  now?: Clock;
}

export class MemoryCursorStore implements CursorStore {
  readonly kind = 'memory';
  readonly #cursors = new Map<string, SyncCursor>();
  readonly #now: Clock;
  #closed = false;

  constructor(options: MemoryCursorStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  async get(key: CursorKey): Promise<SyncCursor | null> {
    validateKey(key);
    this.#assertOpen();
    const found = this.#cursors.get(mapKey(key));
    return found ? { ...found } : null;
  }

  async list(scope: CursorScope): Promise<SyncCursor[]> {
    validateScope(scope);
    this.#assertOpen();
    const found: SyncCursor[] = [];
    for (const cursor of this.#cursors.values()) {
      if (cursor.tenantId === scope.tenantId && cursor.clientId === scope.clientId) found.push({ ...cursor });
    }
    // Code-unit order; syncKeys are ASCII, so this matches SQLite BINARY and Redis lex order.
    return found.sort((a, b) => (a.syncKey < b.syncKey ? -1 : a.syncKey > b.syncKey ? 1 : 0));
  }

  async put(key: CursorKey, write: CursorWrite, expectedVersion?: number): Promise<SyncCursor> {
    validatePut(key, write, expectedVersion);
    this.#assertOpen();
    const id = mapKey(key);
    const current = this.#cursors.get(id);
    const currentVersion = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
      throw new CursorConflictError(cursorKeyOf(key), expectedVersion, currentVersion);
    }
    const now = this.#now().toISOString();
    const next: SyncCursor = {
      ...cursorKeyOf(key),
      link: write.link,
      linkKind: write.linkKind,
      userQuery: write.userQuery,
      version: currentVersion + 1,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
    };
    this.#cursors.set(id, next);
    return { ...next };
  }

  async delete(key: CursorKey): Promise<boolean> {
    validateKey(key);
    this.#assertOpen();
    return this.#cursors.delete(mapKey(key));
  }

  async ping(): Promise<boolean> {
    return !this.#closed;
  }

  async checkWritable(): Promise<void> {
    this.#assertOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('memory', 'the memory cursor store is closed');
  }
}

/** JSON of the tuple keeps ("a:b","c") and ("a","b:c") apart without any escaping rules. */
function mapKey(key: CursorKey): string {
  return JSON.stringify([key.tenantId, key.clientId, key.syncKey]);
}
