import type { RunScope, WorkflowRun } from './workflow-run.js';

/**
 * Where workflow runs are journaled: memory, SQLite (the cursors' file) or Redis, chosen by
 * STATE_STORE_URL like the cursor and idempotency stores. All three pass
 * test/stores/workflow-runs/run-store-contract.ts.
 *
 * Writes are compare-and-set on `version`, so two processes cannot both advance one run: the
 * second write fails and its writer stops.
 *
 * Retention (WORKFLOW_RUN_RETENTION_MS) counts from a run's last write (`updatedAt`): past it the
 * run is gone for every operation, as if deleted, and its storage is reclaimed.
 */
export interface RunStore {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  /** Stores a new run; false when a run with this id exists in the scope. */
  insert(run: WorkflowRun): Promise<boolean>;
  /**
   * Replaces the stored run when its version is `run.version - 1`; false otherwise (another
   * writer came first, or the run does not exist). New `subjects` are indexed.
   */
  replace(run: WorkflowRun): Promise<boolean>;
  get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined>;
  /** The scope's runs about one user (a lower-cased subject), newest first, at most `limit`. */
  listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]>;
  close(): Promise<void>;
}

/** 30 days, as the audit trail: a run is its own record of who changed what. */
export const DEFAULT_RUN_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** The time (ms) at which `run` leaves the store. */
export function runExpiresAt(run: Pick<WorkflowRun, 'updatedAt'>, retentionMs: number): number {
  return Date.parse(run.updatedAt) + retentionMs;
}

export function parseRun(text: string): WorkflowRun {
  const run = JSON.parse(text) as WorkflowRun;
  if (typeof run?.runId !== 'string' || !Array.isArray(run.steps) || !Number.isSafeInteger(run.version)) {
    throw new Error('malformed workflow run in the state store');
  }
  return run;
}
