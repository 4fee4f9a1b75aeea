/**
 * The journal of one workflow run (onboard, move or offboard a user): what it was asked, the steps
 * it planned from the tenant's state, and how far it got. The engine writes a step as `running`
 * before it calls Graph and as `done`, `skipped` or `failed` after, so a process killed in the
 * middle leaves a run that says exactly which effects happened and which one may have.
 *
 * The stores keep the run as one JSON document and read only the fields named in RunStore.
 */

export type RunStatus = 'running' | 'done' | 'failed';

/**
 * `planned`: not attempted. `running`: started and not finished (the process may have died: its
 * effect may or may not have happened, and the step is repeated on resume, safely because every
 * step is written to find its change already made). `done`, `skipped` (with `reason`), `failed`
 * (with `problem`).
 */
export type StepStatus = 'planned' | 'running' | 'done' | 'skipped' | 'failed';

/** The problem+json fields of a failed step (never a secret: they are a capability's answer). */
export interface StepProblem {
  code: string;
  status: number;
  title: string;
  detail?: string;
}

export interface RunStep {
  /** Unique within the run, e.g. `add-user-to-group:<groupId>`. */
  id: string;
  /** The capability the step runs, e.g. `add-user-to-group`. */
  capability: string;
  /** What the step changes, in words. */
  description: string;
  /** The capability's input (credentials and passwords never included). */
  input: Record<string, unknown>;
  status: StepStatus;
  reason?: string;
  problem?: StepProblem;
  /** Problem codes meaning the change is already in place (e.g. a removal repeated after a crash). */
  alreadyDoneCodes?: string[];
  /** false when the change was already made (the capability's `changed: false`). */
  changed?: boolean;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  /** Graph's request-id of each answer the step got, for Microsoft support. */
  graphRequestIds: string[];
}

export interface WorkflowRun {
  runId: string;
  workflow: string;
  tenantId: string;
  clientId: string;
  /** Lower-cased names of the user (UPN, object id) that GET /workflows/runs?userId= finds it by. */
  subjects: string[];
  status: RunStatus;
  /** The request's fields; a password is replaced by its digest (see the workflow's input). */
  input: Record<string, unknown>;
  steps: RunStep[];
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Incremented by every write; a write names the version it replaces (compare-and-set). */
  version: number;
  /** The fingerprint of the request that started a run under an Idempotency-Key. */
  requestFingerprint?: string;
  /** Who executes the run now, until when: a resume waits for a live executor's lease to end. */
  lease?: { owner: string; expiresAt: number };
}

export interface RunScope {
  tenantId: string;
  clientId: string;
}
