import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store-errors.js';
import { DEFAULT_RUN_RETENTION_MS, parseRun, type RunStore, runExpiresAt } from './run-store.js';
import type { RunScope, WorkflowRun } from './workflow-run.js';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS workflow_runs (
  tenant_id  TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  run_id     TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  document   TEXT NOT NULL,
  PRIMARY KEY (tenant_id, client_id, run_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS workflow_run_subjects (
  tenant_id  TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  subject    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  run_id     TEXT NOT NULL,
  PRIMARY KEY (tenant_id, client_id, subject, created_at, run_id)
) WITHOUT ROWID;
`;

/**
 * The runs in the cursors' SQLite file (own connection and tables), so replicas sharing the file
 * share them. `synchronous = FULL`: a journal entry lost to a power cut could let a resume repeat
 * a step the journal had recorded as started.
 */
export class SqliteRunStore implements RunStore {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #update: Database.Statement;
  readonly #index: Database.Statement;
  readonly #select: Database.Statement<[string, string, string], { document: string }>;
  readonly #bySubject: Database.Statement<[string, string, string, string, number], { document: string }>;
  readonly #sweepRuns: Database.Statement<[string]>;
  readonly #sweepSubjects: Database.Statement;
  readonly #dropExpired: Database.Statement<[string, string, string, string]>;
  readonly #retentionMs: number;
  /** When expired runs were last deleted: at most once a minute, on a write. */
  #sweptAt = 0;

  constructor(options: { path: string; busyTimeoutMs?: number; retentionMs?: number }) {
    this.#retentionMs = options.retentionMs ?? DEFAULT_RUN_RETENTION_MS;
    try {
      this.#db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = FULL');
      this.#db.exec(SCHEMA_SQL);
    } catch (error) {
      throw unavailable(`cannot open the workflow run tables at "${options.path}"`, error);
    }
    this.#insert = this.#db.prepare(
      'INSERT OR IGNORE INTO workflow_runs (tenant_id, client_id, run_id, version, created_at, document) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#update = this.#db.prepare(
      `UPDATE workflow_runs SET version = ?, document = ?
       WHERE tenant_id = ? AND client_id = ? AND run_id = ? AND version = ? AND json_extract(document, '$.updatedAt') >= ?`,
    );
    this.#index = this.#db.prepare(
      'INSERT OR IGNORE INTO workflow_run_subjects (tenant_id, client_id, subject, created_at, run_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.#select = this.#db.prepare(
      'SELECT document FROM workflow_runs WHERE tenant_id = ? AND client_id = ? AND run_id = ?',
    );
    this.#bySubject = this.#db.prepare(
      `SELECT r.document FROM workflow_run_subjects s JOIN workflow_runs r
         ON r.tenant_id = s.tenant_id AND r.client_id = s.client_id AND r.run_id = s.run_id
       WHERE s.tenant_id = ? AND s.client_id = ? AND s.subject = ?
         AND json_extract(r.document, '$.updatedAt') > ?
       ORDER BY s.created_at DESC, s.run_id DESC LIMIT ?`,
    );
    // updatedAt is always toISOString()'s fixed-width UTC form, so text order is time order.
    this.#sweepRuns = this.#db.prepare(
      "DELETE FROM workflow_runs WHERE json_extract(document, '$.updatedAt') < ?",
    );
    this.#dropExpired = this.#db.prepare(
      "DELETE FROM workflow_runs WHERE tenant_id = ? AND client_id = ? AND run_id = ? AND json_extract(document, '$.updatedAt') < ?",
    );
    this.#sweepSubjects = this.#db.prepare(
      `DELETE FROM workflow_run_subjects WHERE NOT EXISTS (SELECT 1 FROM workflow_runs r
         WHERE r.tenant_id = workflow_run_subjects.tenant_id AND r.client_id = workflow_run_subjects.client_id
           AND r.run_id = workflow_run_subjects.run_id)`,
    );
  }

  async insert(run: WorkflowRun): Promise<boolean> {
    return this.#write(() =>
      this.#db.transaction(() => {
        this.#sweep();
        // A run gone with its retention but not swept yet does not hold its id.
        this.#dropExpired.run(run.tenantId, run.clientId, run.runId, this.#cutoff());
        const { changes } = this.#insert.run(
          run.tenantId,
          run.clientId,
          run.runId,
          run.version,
          run.createdAt,
          JSON.stringify(run),
        );
        if (changes === 1) this.#indexSubjects(run);
        return changes === 1;
      })(),
    );
  }

  async replace(run: WorkflowRun): Promise<boolean> {
    return this.#write(() =>
      this.#db.transaction(() => {
        this.#sweep();
        const { changes } = this.#update.run(
          run.version,
          JSON.stringify(run),
          run.tenantId,
          run.clientId,
          run.runId,
          run.version - 1,
          this.#cutoff(),
        );
        if (changes === 1) this.#indexSubjects(run);
        return changes === 1;
      })(),
    );
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined> {
    const row = this.#write(() => this.#select.get(scope.tenantId, scope.clientId, runId));
    const run = row ? parseRun(row.document) : undefined;
    return run && this.#isLive(run) ? run : undefined;
  }

  async listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]> {
    this.#write(() => this.#sweep());
    // Runs past their retention are left out before the limit, not after it: the sweep runs at most
    // once a minute, and expired runs counted against `limit` would hide older ones still kept.
    const rows = this.#write(() =>
      this.#bySubject.all(scope.tenantId, scope.clientId, subject, this.#cutoff(), limit),
    );
    return rows.map((row) => parseRun(row.document)).filter((run) => this.#isLive(run));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** Runs last written before this time (ISO 8601) are past their retention. */
  #cutoff(): string {
    return new Date(Date.now() - this.#retentionMs).toISOString();
  }

  #isLive(run: WorkflowRun): boolean {
    return runExpiresAt(run, this.#retentionMs) > Date.now();
  }

  /** Deletes runs past their retention, and their index rows, at most once a minute. */
  #sweep(): void {
    const now = Date.now();
    if (now - this.#sweptAt < 60_000) return;
    this.#sweptAt = now;
    const { changes } = this.#sweepRuns.run(this.#cutoff());
    if (changes > 0) this.#sweepSubjects.run();
  }

  #indexSubjects(run: WorkflowRun): void {
    for (const subject of run.subjects) {
      this.#index.run(run.tenantId, run.clientId, subject, run.createdAt, run.runId);
    }
  }

  #write<T>(operation: () => T): T {
    if (!this.#db.open) throw unavailable('the workflow run tables are closed');
    try {
      return operation();
    } catch (error) {
      throw unavailable('the workflow run tables cannot be used', error);
    }
  }
}

function unavailable(message: string, cause?: unknown): StoreUnavailableError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new StoreUnavailableError('sqlite', `${message}${reason}`, { cause });
}
