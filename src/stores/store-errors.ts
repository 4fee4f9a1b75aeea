/**
 * Failures a cursor store reports. Messages name the key but never the link: links carry
 * delta/skip tokens, which are not credentials but are still nobody's business in a log.
 */
import type { CursorKey } from './cursor-store.js';

/** A compare-and-set put lost: the stored version is not the one the caller expected. */
export class CursorConflictError extends Error {
  override readonly name = 'CursorConflictError';
  readonly code = 'CURSOR_CONFLICT';
  constructor(
    readonly key: CursorKey,
    readonly expectedVersion: number,
    /** The version stored now; 0 when the cursor does not exist. */
    readonly currentVersion: number,
  ) {
    super(
      `sync cursor "${key.syncKey}" is at version ${currentVersion}, not the expected ${expectedVersion}`,
    );
  }
}

/** The store cannot be reached or used (Redis down, disk full, database locked); maps to 503. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly storeKind: 'sqlite' | 'redis' | 'memory',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
