import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store-errors.js';
import { parseRun, type RunStore } from './run-store.js';
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
  readonly #bySubject: Database.Statement<[string, string, string, number], { document: string }>;

  constructor(options: { path: string; busyTimeoutMs?: number }) {
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
      'UPDATE workflow_runs SET version = ?, document = ? WHERE tenant_id = ? AND client_id = ? AND run_id = ? AND version = ?',
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
       ORDER BY s.created_at DESC, s.run_id DESC LIMIT ?`,
    );
  }

  async insert(run: WorkflowRun): Promise<boolean> {
    return this.#write(() =>
      this.#db.transaction(() => {
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
        const { changes } = this.#update.run(
          run.version,
          JSON.stringify(run),
          run.tenantId,
          run.clientId,
          run.runId,
          run.version - 1,
        );
        if (changes === 1) this.#indexSubjects(run);
        return changes === 1;
      })(),
    );
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined> {
    const row = this.#write(() => this.#select.get(scope.tenantId, scope.clientId, runId));
    return row ? parseRun(row.document) : undefined;
  }

  async listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]> {
    const rows = this.#write(() => this.#bySubject.all(scope.tenantId, scope.clientId, subject, limit));
    return rows.map((row) => parseRun(row.document));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
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
