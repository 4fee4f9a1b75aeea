import type { RunStore } from './run-store.js';
import type { RunScope, WorkflowRun } from './workflow-run.js';

/**
 * One process's runs, for `memory:` state stores: lost on restart (so nothing to resume after a
 * crash). Bounded: past `maxRuns` the oldest are dropped. Runs are copied in and out, so a caller
 * holding one cannot change the stored journal without a write.
 */
export class MemoryRunStore implements RunStore {
  readonly kind = 'memory';
  readonly #runs = new Map<string, string>();
  readonly #maxRuns: number;

  constructor(options: { maxRuns?: number } = {}) {
    this.#maxRuns = options.maxRuns ?? 10_000;
  }

  async insert(run: WorkflowRun): Promise<boolean> {
    const key = keyOf(run, run.runId);
    if (this.#runs.has(key)) return false;
    this.#runs.set(key, JSON.stringify(run));
    for (const oldest of this.#runs.keys()) {
      if (this.#runs.size <= this.#maxRuns) break;
      this.#runs.delete(oldest);
    }
    return true;
  }

  async replace(run: WorkflowRun): Promise<boolean> {
    const key = keyOf(run, run.runId);
    const stored = this.#runs.get(key);
    if (stored === undefined || (JSON.parse(stored) as WorkflowRun).version !== run.version - 1) return false;
    this.#runs.set(key, JSON.stringify(run));
    return true;
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined> {
    const stored = this.#runs.get(keyOf(scope, runId));
    return stored === undefined ? undefined : (JSON.parse(stored) as WorkflowRun);
  }

  async listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]> {
    const found: WorkflowRun[] = [];
    for (const stored of this.#runs.values()) {
      const run = JSON.parse(stored) as WorkflowRun;
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
}

function keyOf(scope: RunScope, runId: string): string {
  return JSON.stringify([scope.tenantId, scope.clientId, runId]);
}

export function newestFirst(a: WorkflowRun, b: WorkflowRun): number {
  return b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId);
}
