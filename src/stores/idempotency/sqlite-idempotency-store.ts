import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store-errors.js';
import type { BeginOutcome, IdempotencyStore, StoredResponse } from './idempotency-store.js';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS idempotency_records (
  record_key   TEXT PRIMARY KEY,
  fingerprint  TEXT NOT NULL,
  owner        TEXT NOT NULL,
  expires_at   INTEGER NOT NULL,
  status       INTEGER,
  content_type TEXT,
  body         TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_records_expiry ON idempotency_records (expires_at);
`;

interface Row {
  fingerprint: string;
  owner: string;
  expires_at: number;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

/** Expired rows are deleted at most this often, in one statement. */
const PURGE_EVERY_MS = 60_000;

/**
 * The records in the same SQLite file as the cursors (its own connection and table), so that
 * replicas sharing the file share the keys. `begin` runs in an IMMEDIATE transaction: of two
 * processes claiming one key, the second waits for the first's write lock and then sees its row.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #begin: Database.Transaction<(key: string, fingerprint: string, leaseMs: number) => BeginOutcome>;
  readonly #complete: Database.Statement;
  readonly #release: Database.Statement;
  readonly #purge: Database.Statement;
  #lastPurge = 0;

  constructor(options: { path: string; busyTimeoutMs?: number; now?: () => number }) {
    this.#now = options.now ?? Date.now;
    try {
      this.#db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
      this.#db.pragma('journal_mode = WAL');
      // A lost record means one repeat runs again (which the capabilities tolerate), not a lost
      // change, so the fsync per commit of the cursor table is not paid here.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(SCHEMA_SQL);
    } catch (error) {
      throw unavailable(`cannot open the idempotency table at "${options.path}"`, error);
    }
    const select = this.#db.prepare<[string], Row>(
      'SELECT fingerprint, owner, expires_at, status, content_type, body FROM idempotency_records WHERE record_key = ?',
    );
    const claim = this.#db.prepare(
      'INSERT OR REPLACE INTO idempotency_records (record_key, fingerprint, owner, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.#begin = this.#db.transaction((key: string, fingerprint: string, leaseMs: number) => {
      const now = this.#now();
      const row = select.get(key);
      if (row && row.expires_at > now) {
        return row.status === null
          ? { state: 'running', fingerprint: row.fingerprint, leaseExpiresAt: row.expires_at }
          : {
              state: 'completed',
              fingerprint: row.fingerprint,
              response: { status: row.status, contentType: row.content_type ?? '', body: row.body ?? '' },
            };
      }
      const owner = randomUUID();
      claim.run(key, fingerprint, owner, now + leaseMs);
      return { state: 'claimed', owner };
    });
    this.#complete = this.#db.prepare(
      'UPDATE idempotency_records SET status = ?, content_type = ?, body = ?, expires_at = ? WHERE record_key = ? AND owner = ?',
    );
    this.#release = this.#db.prepare('DELETE FROM idempotency_records WHERE record_key = ? AND owner = ?');
    this.#purge = this.#db.prepare('DELETE FROM idempotency_records WHERE expires_at <= ?');
  }

  async begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginOutcome> {
    return this.#write(() => {
      this.#purgeExpired();
      return this.#begin.immediate(key, fingerprint, leaseMs);
    });
  }

  async complete(key: string, owner: string, response: StoredResponse, retentionMs: number): Promise<void> {
    this.#write(() =>
      this.#complete.run(
        response.status,
        response.contentType,
        response.body,
        this.#now() + retentionMs,
        key,
        owner,
      ),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    this.#write(() => this.#release.run(key, owner));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  #purgeExpired(): void {
    const now = this.#now();
    if (now - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = now;
    this.#purge.run(now);
  }

  #write<T>(operation: () => T): T {
    if (!this.#db.open) throw unavailable('the idempotency table is closed');
    try {
      return operation();
    } catch (error) {
      throw unavailable('the idempotency table cannot be written', error);
    }
  }
}

function unavailable(message: string, cause?: unknown): StoreUnavailableError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new StoreUnavailableError('sqlite', `${message}${reason}`, { cause });
}
