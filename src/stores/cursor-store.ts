/**
 * The sync-cursor store: where Query User Changes keeps, per (tenant, client id, syncKey), the
 * delta or next link to resume from. One interface, three implementations (sqlite, redis,
 * memory) that all pass test/stores/cursor-store-contract.ts.
 */

export interface CursorKey {
  tenantId: string;
  clientId: string;
  syncKey: string;
}

export interface CursorScope {
  tenantId: string;
  clientId: string;
}

export type LinkKind = 'delta' | 'next';

export interface SyncCursor extends CursorKey {
  /** The deltaLink or nextLink to resume from. */
  link: string;
  linkKind: LinkKind;
  /** The query the sync started with, kept so an expired cursor can restart from it. */
  userQuery: string;
  /** Increments on every write and starts at 1; the handle for compare-and-set. */
  version: number;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

export interface CursorWrite {
  link: string;
  linkKind: LinkKind;
  userQuery: string;
}

export interface CursorStore {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  get(key: CursorKey): Promise<SyncCursor | null>;
  /** Every cursor of one (tenant, client id), sorted by syncKey. */
  list(scope: CursorScope): Promise<SyncCursor[]>;
  /**
   * Create or replace. With expectedVersion, only if the stored version matches (0 = must not
   * exist); else throws CursorConflictError.
   */
  put(key: CursorKey, write: CursorWrite, expectedVersion?: number): Promise<SyncCursor>;
  /** True when a cursor was there to delete. */
  delete(key: CursorKey): Promise<boolean>;
  /** Cheap reachability check; never throws. */
  ping(): Promise<boolean>;
  /**
   * Proves the store takes writes, for /readyz: writes a reserved health record (never a cursor,
   * never listed), bounded in time. Throws StoreUnavailableError saying why not.
   */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

/** Injected by tests that need stable timestamps; defaults to the wall clock. */
export type Clock = () => Date;

/** Callers may pass objects with extra fields; errors and stored cursors carry only the key. */
export function cursorKeyOf(key: CursorKey): CursorKey {
  return { tenantId: key.tenantId, clientId: key.clientId, syncKey: key.syncKey };
}
