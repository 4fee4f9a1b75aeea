import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store-errors.js';
import {
  type AuditFilter,
  type AuditRecord,
  type AuditScope,
  type AuditStore,
  objectKey,
  parseAuditRecord,
} from './audit-store.js';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS audit_records (
  tenant_id  TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  at_ms      INTEGER NOT NULL,
  id         TEXT NOT NULL,
  object_key TEXT,
  document   TEXT NOT NULL,
  PRIMARY KEY (tenant_id, client_id, at_ms, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_records_object ON audit_records (tenant_id, client_id, object_key, at_ms);
CREATE INDEX IF NOT EXISTS audit_records_expiry ON audit_records (at_ms);
`;

/** Expired rows are deleted at most this often, in one statement. */
const PURGE_EVERY_MS = 60_000;

/**
 * The audit trail in the cursors' SQLite file (own connection and table), so replicas sharing the
 * file share it. `synchronous = NORMAL`: a record lost to a power cut is a gap in a trail, not a
 * wrong change, and an fsync per mutating call would cost more than the call.
 */
export class SqliteAuditStore implements AuditStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #insert: Database.Statement;
  readonly #purge: Database.Statement;
  readonly #all: Database.Statement<[string, string, number, number], { document: string }>;
  readonly #byObject: Database.Statement<[string, string, string, number, number], { document: string }>;
  #lastPurge = 0;

  constructor(options: { path: string; retentionMs: number; busyTimeoutMs?: number; now?: () => number }) {
    this.#retentionMs = options.retentionMs;
    this.#now = options.now ?? Date.now;
    try {
      this.#db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(SCHEMA_SQL);
    } catch (error) {
      throw unavailable(`cannot open the audit table at "${options.path}"`, error);
    }
    this.#insert = this.#db.prepare(
      'INSERT OR IGNORE INTO audit_records (tenant_id, client_id, at_ms, id, object_key, document) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#purge = this.#db.prepare('DELETE FROM audit_records WHERE at_ms < ?');
    this.#all = this.#db.prepare(
      `SELECT document FROM audit_records WHERE tenant_id = ? AND client_id = ? AND at_ms >= ?
       ORDER BY at_ms DESC, id DESC LIMIT ?`,
    );
    this.#byObject = this.#db.prepare(
      `SELECT document FROM audit_records WHERE tenant_id = ? AND client_id = ? AND object_key = ? AND at_ms >= ?
       ORDER BY at_ms DESC, id DESC LIMIT ?`,
    );
  }

  async append(record: AuditRecord): Promise<void> {
    this.#use(() => {
      const now = this.#now();
      if (now - this.#lastPurge >= PURGE_EVERY_MS) {
        this.#purge.run(now - this.#retentionMs);
        this.#lastPurge = now;
      }
      this.#insert.run(
        record.tenantId,
        record.clientId,
        Date.parse(record.at),
        record.id,
        record.objectId === undefined ? null : objectKey(record.objectId),
        JSON.stringify(record),
      );
    });
  }

  async query(scope: AuditScope, filter: AuditFilter): Promise<AuditRecord[]> {
    const since = Math.max(filter.since ?? 0, this.#now() - this.#retentionMs);
    const rows = this.#use(() =>
      filter.objectId === undefined
        ? this.#all.all(scope.tenantId, scope.clientId, since, filter.limit)
        : this.#byObject.all(scope.tenantId, scope.clientId, objectKey(filter.objectId), since, filter.limit),
    );
    return rows.map((row) => parseAuditRecord(row.document));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #use<T>(operation: () => T): T {
    if (!this.#db.open) throw unavailable('the audit table is closed');
    try {
      return operation();
    } catch (error) {
      throw unavailable('the audit table cannot be used', error);
    }
  }
}

function unavailable(message: string, cause?: unknown): StoreUnavailableError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new StoreUnavailableError('sqlite', `${message}${reason}`, { cause });
}
