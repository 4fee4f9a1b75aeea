/**
 * The embedded default cursor store: one SQLite file through better-sqlite3, in WAL mode.
 *
 * Crash safety comes from SQLite itself: each put is one transaction, so a kill -9 mid-commit
 * leaves the old row or the new one, never a mix. `synchronous = FULL` (not NORMAL) because a
 * commit acknowledged to a caller (PUT /sync-cursors) should survive a power cut too, and
 * cursor writes are rare (one per delta round), so the fsync per commit (0.5-2 ms measured) is
 * affordable. Deployments that commit very often can choose NORMAL.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { type CursorRow, rowToCursor, SCHEMA_SQL } from './sqlite-schema.js';
import { CursorConflictError, StoreUnavailableError } from './store-errors.js';

export interface SqliteCursorStoreOptions {
  /** A file path (its directory is created), or `:memory:`. */
  path: string;
  now?: Clock;
  /** How long a write waits for another process's lock before giving up; default 5000. */
  busyTimeoutMs?: number;
  /**
   * FULL (default) fsyncs every commit (measured 0.5-2 ms here, blocking the event loop since
   * better-sqlite3 is synchronous); NORMAL skips it (~0.07 ms) and may lose the last commits on
   * power loss, which only replays changes, never corrupts.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/** How long a readiness probe waits for another process's write lock. */
const PROBE_BUSY_TIMEOUT_MS = 250;

type PutOutcome = { ok: true; cursor: SyncCursor } | { ok: false; currentVersion: number };

export class SqliteCursorStore implements CursorStore {
  readonly kind = 'sqlite';
  readonly path: string;
  readonly #db: Database.Database;
  readonly #now: Clock;
  readonly #busyTimeoutMs: number;
  readonly #statements;
  readonly #putTx: Database.Transaction<
    (key: CursorKey, write: CursorWrite, expected: number | undefined, now: string) => PutOutcome
  >;

  constructor(options: SqliteCursorStoreOptions) {
    if (
      options === null ||
      typeof options !== 'object' ||
      typeof options.path !== 'string' ||
      !options.path
    ) {
      throw new TypeError('SqliteCursorStore needs options.path (a file path or ":memory:")');
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new TypeError('busyTimeoutMs must be a non-negative integer');
    }
    this.path = options.path;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#now = options.now ?? (() => new Date());
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new TypeError(`synchronous must be 'FULL' or 'NORMAL'`);
    }
    this.#db = openDatabase(options.path, busyTimeoutMs, synchronous);
    const db = this.#db;
    this.#statements = {
      get: db.prepare<[string, string, string], CursorRow>(
        'SELECT * FROM cursors WHERE tenant_id = ? AND client_id = ? AND sync_key = ?',
      ),
      list: db.prepare<[string, string], CursorRow>(
        'SELECT * FROM cursors WHERE tenant_id = ? AND client_id = ? ORDER BY sync_key',
      ),
      insert: db.prepare(
        `INSERT INTO cursors (tenant_id, client_id, sync_key, link, link_kind, user_query, version, created_at, updated_at)
         VALUES (@tenantId, @clientId, @syncKey, @link, @linkKind, @userQuery, 1, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE cursors SET link = @link, link_kind = @linkKind, user_query = @userQuery,
           version = version + 1, updated_at = @now
         WHERE tenant_id = @tenantId AND client_id = @clientId AND sync_key = @syncKey`,
      ),
      delete: db.prepare('DELETE FROM cursors WHERE tenant_id = ? AND client_id = ? AND sync_key = ?'),
      probe: db.prepare(
        'INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
      ),
    };
    const s = this.#statements;
    // Read-check-write inside one transaction; run with .immediate() so the write lock is taken
    // before the read and another process cannot slip a write in between.
    this.#putTx = db.transaction((key, write, expected, now): PutOutcome => {
      const args = [key.tenantId, key.clientId, key.syncKey] as const;
      const current = s.get.get(...args);
      const currentVersion = current?.version ?? 0;
      if (expected !== undefined && expected !== currentVersion) return { ok: false, currentVersion };
      const params = { ...cursorKeyOf(key), ...write, now };
      if (current) s.update.run(params);
      else s.insert.run(params);
      return { ok: true, cursor: rowToCursor(s.get.get(...args)!) };
    });
  }

  async get(key: CursorKey): Promise<SyncCursor | null> {
    validateKey(key);
    const row = this.#guard(() => this.#statements.get.get(key.tenantId, key.clientId, key.syncKey));
    return row ? rowToCursor(row) : null;
  }

  async list(scope: CursorScope): Promise<SyncCursor[]> {
    validateScope(scope);
    return this.#guard(() => this.#statements.list.all(scope.tenantId, scope.clientId)).map(rowToCursor);
  }

  async put(key: CursorKey, write: CursorWrite, expectedVersion?: number): Promise<SyncCursor> {
    validatePut(key, write, expectedVersion);
    const now = this.#now().toISOString();
    const outcome = this.#guard(() => this.#putTx.immediate(key, write, expectedVersion, now));
    if (!outcome.ok)
      throw new CursorConflictError(cursorKeyOf(key), expectedVersion!, outcome.currentVersion);
    return outcome.cursor;
  }

  async delete(key: CursorKey): Promise<boolean> {
    validateKey(key);
    const result = this.#guard(() => this.#statements.delete.run(key.tenantId, key.clientId, key.syncKey));
    return result.changes > 0;
  }

  async ping(): Promise<boolean> {
    try {
      this.#db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async checkWritable(): Promise<void> {
    const now = this.#now().toISOString();
    // better-sqlite3 blocks the event loop while it waits for a lock: a probe waits far less than
    // a cursor write would, so a stuck writer makes the service unready instead of slow.
    this.#guard(() => {
      this.#db.pragma(`busy_timeout = ${Math.min(PROBE_BUSY_TIMEOUT_MS, this.#busyTimeoutMs)}`);
      try {
        this.#statements.probe.run(now);
      } finally {
        this.#db.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** Turns "cannot use the database right now" failures into StoreUnavailableError. */
  #guard<T>(operation: () => T): T {
    if (!this.#db.open) throw new StoreUnavailableError('sqlite', 'the SQLite cursor store is closed');
    try {
      return operation();
    } catch (error) {
      if (error instanceof Database.SqliteError && isUnavailable(error.code)) {
        throw new StoreUnavailableError('sqlite', `SQLite cursor store failed: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

/** Locked, busy, disk or I/O trouble: the store is unusable for now, not the caller's fault. */
function isUnavailable(code: string): boolean {
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|CORRUPT|NOTADB|PROTOCOL)/.test(code);
}

function openDatabase(
  path: string,
  busyTimeoutMs: number,
  synchronous: 'FULL' | 'NORMAL',
): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(SCHEMA_SQL);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError('sqlite', `cannot open the SQLite cursor store at "${path}": ${reason}`, {
      cause: error,
    });
  }
}
