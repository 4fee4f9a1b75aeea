import { DEFAULT_RUN_RETENTION_MS, type RunStore, runExpiresAt } from './run-store.js';
import type { RunScope, WorkflowRun } from './workflow-run.js';

/**
 * One process's runs, for `memory:` state stores: lost on restart (so nothing to resume after a
 * crash). Bounded: past `maxRuns` the oldest are dropped. Runs are copied in and out, so a caller
 * holding one cannot change the stored journal without a write.
 */
export class MemoryRunStore implements RunStore {
  readonly kind = 'memory';
  readonly #runs = new Map<string, { text: string; expiresAt: number }>();
  readonly #maxRuns: number;
  readonly #retentionMs: number;

  constructor(options: { maxRuns?: number; retentionMs?: number } = {}) {
    this.#maxRuns = options.maxRuns ?? 10_000;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RUN_RETENTION_MS;
  }

  async insert(run: WorkflowRun): Promise<boolean> {
    const key = keyOf(run, run.runId);
    if (this.#live(key) !== undefined) return false;
    this.#put(key, run);
    for (const [oldest, stored] of this.#runs) {
      if (this.#runs.size <= this.#maxRuns && stored.expiresAt > Date.now()) break;
      this.#runs.delete(oldest);
    }
    return true;
  }

  async replace(run: WorkflowRun): Promise<boolean> {
    const key = keyOf(run, run.runId);
    const stored = this.#live(key);
    if (stored === undefined || (JSON.parse(stored) as WorkflowRun).version !== run.version - 1) return false;
    // Re-inserted so the map stays ordered by last write, which the sweep in insert relies on.
    this.#runs.delete(key);
    this.#put(key, run);
    return true;
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined> {
    const stored = this.#live(keyOf(scope, runId));
    return stored === undefined ? undefined : (JSON.parse(stored) as WorkflowRun);
  }

  async listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]> {
    const found: WorkflowRun[] = [];
    const now = Date.now();
    for (const stored of this.#runs.values()) {
      if (stored.expiresAt <= now) continue;
      const run = JSON.parse(stored.text) as WorkflowRun;
      if (
        run.tenantId === scope.tenantId &&
        run.clientId === scope.clientId &&
        run.subjects.includes(subject)
      ) {
        found.push(run);
      }
    }
    return found.sort(newestFirst).slice(0, limit);
  }

  async close(): Promise<void> {
    this.#runs.clear();
  }

  #put(key: string, run: WorkflowRun): void {
    this.#runs.set(key, { text: JSON.stringify(run), expiresAt: runExpiresAt(run, this.#retentionMs) });
  }

  /** The stored text of a run still within its retention. */
  #live(key: string): string | undefined {
    const stored = this.#runs.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt > Date.now()) return stored.text;
    this.#runs.delete(key);
    return undefined;
  }
}

function keyOf(scope: RunScope, runId: string): string {
  return JSON.stringify([scope.tenantId, scope.clientId, runId]);
}

export function newestFirst(a: WorkflowRun, b: WorkflowRun): number {
  return b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId);
}
