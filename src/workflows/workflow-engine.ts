import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Capability, type CapabilityContext, heldOutput } from '../capabilities/capability.js';
import { CAPABILITIES } from '../capabilities/registry.js';
import type { Connection } from '../config/connection.js';
import type { GraphNotFoundCode } from '../errors/error-catalogue.js';
import { problem } from '../errors/problem.js';
import type { ServiceError } from '../errors/service-error.js';
import { forCapability } from '../graph/capability-graph-caller.js';
import type { GraphCaller } from '../graph/graph-request.js';
import { Deadline } from '../net/deadline.js';
import { abortableSleep } from '../net/sleep.js';
import { auditFields, auditObjectId, recordAudit } from '../observability/audit-log.js';
import type { AuditStore } from '../stores/audit/audit-store.js';
import type { CursorStore } from '../stores/cursor-store.js';
import type { RunStore } from '../stores/workflow-runs/run-store.js';
import type { RunScope, RunStep, WorkflowRun } from '../stores/workflow-runs/workflow-run.js';
import { createOrAdopt } from './create-or-adopt.js';
import { planMove } from './plan-move.js';
import { planOffboard } from './plan-offboard.js';
import { planOnboard } from './plan-onboard.js';
import { RecordingGraph } from './recording-graph.js';
import type { PlannedStep, Planner, WorkflowName, WorkflowPlan } from './workflow-plan.js';

export interface WorkflowEngineOptions {
  runs: RunStore;
  /** Where each step's audit record is kept (GET /audit). */
  audit: AuditStore;
  graph: GraphCaller;
  graphApiVersion: string;
  cursors: CursorStore;
  /** Each step's deadline (REQUEST_TIMEOUT_MS), as a capability call gets. */
  requestTimeoutMs: number;
  /** How long an executor holds a run without writing to it; past it, a resume may take it over. */
  leaseMs: number;
  /** What an error means for a caller: the HTTP layer's one mapper, so steps get the same codes. */
  describeError: (error: unknown, notFoundCode?: GraphNotFoundCode) => ServiceError;
  /** Waits before retrying a 404 from a step after a create (Graph's replication). */
  propagationDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** Who asks: the connection the run acts as, our request id, the request's logger. */
export interface WorkflowCall {
  connection: Connection;
  requestId: string;
  log: FastifyBaseLogger;
  /** The caller as the audit trail names it (never the API key itself). */
  who: string;
}

/** Secrets a step needs and the journal never holds. */
export interface WorkflowSecrets {
  createUserPassword?: string;
}

/** About 15 s in all: Graph's replication usually completes in seconds. */
const DEFAULT_PROPAGATION_DELAYS_MS = [250, 500, 1000, 2000, 4000, 7000];

/**
 * 404s that may mean "the user this run created is not visible here yet". GROUP_NOT_FOUND and the
 * like are decided by looking the other object up, so they are final.
 */
const PROPAGATION_CODES = new Set(['USER_NOT_FOUND', 'USER_OR_GROUP_NOT_FOUND', 'RESOURCE_NOT_FOUND']);

const PLANNERS: Record<WorkflowName, Planner<never>> = {
  'onboard-user': planOnboard as Planner<never>,
  'move-user': planMove as Planner<never>,
  'offboard-user': planOffboard as Planner<never>,
};

const CAPABILITY_BY_ID = new Map<string, Capability>(
  CAPABILITIES.map((capability) => [capability.id, capability]),
);

/** What a keyed start is known by: its run's id and the request it came with. */
export interface RunKey {
  /** Derived from the Idempotency-Key and who sent it (workflowRunIdFor). */
  runId: string;
  /** The request's fingerprint: another body under the same key is refused. */
  fingerprint: string;
}

export interface StartedRun {
  run: WorkflowRun;
  /** true when the key's run already existed (the answer is marked Idempotent-Replayed). */
  repeated: boolean;
}

/**
 * Plans a workflow from the tenant's state, journals it, and executes its steps in order through
 * the capabilities' own `run` (so each step has the codes and retry rules of the capability). Each
 * step is written as `running` before it starts and with its outcome after; the first failure
 * stops the run and leaves later steps `planned`. A run is resumed from its first step that is not
 * done or skipped.
 */
export class WorkflowEngine {
  readonly #options: WorkflowEngineOptions;
  readonly #delays: readonly number[];
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: WorkflowEngineOptions) {
    this.#options = options;
    this.#delays = options.propagationDelaysMs ?? DEFAULT_PROPAGATION_DELAYS_MS;
    this.#sleep = options.sleep ?? ((ms) => abortableSleep(ms));
  }

  /** The plan, from reads only: what a dry run answers. */
  plan(workflow: WorkflowName, call: WorkflowCall, input: Record<string, unknown>): Promise<WorkflowPlan> {
    return PLANNERS[workflow](this.#context(call, new RecordingGraph(this.#options.graph)), input as never);
  }

  /**
   * Plans and runs a workflow. With `key` (the caller's Idempotency-Key, reduced to a run id and a
   * request fingerprint), the run journal is the key's record: a repeat finds the run by its id
   * however long the first one ran, instead of starting another (see #repeat).
   */
  async start(
    workflow: WorkflowName,
    call: WorkflowCall,
    input: Record<string, unknown>,
    secrets: WorkflowSecrets,
    key?: RunKey,
  ): Promise<StartedRun> {
    const scope = scopeOf(call.connection);
    if (key) {
      const earlier = await this.#options.runs.get(scope, key.runId);
      if (earlier) return this.#repeat(earlier, key, call, secrets);
    }
    const plan = await this.plan(workflow, call, input);
    const now = new Date().toISOString();
    const run: WorkflowRun = {
      runId: key?.runId ?? randomUUID(),
      workflow,
      ...scope,
      subjects: plan.subjects,
      status: 'running',
      input: journaledInput(input),
      steps: plan.steps.map(toRunStep),
      createdAt: now,
      updatedAt: now,
      version: 1,
      lease: { owner: randomUUID(), expiresAt: Date.now() + this.#options.leaseMs },
      ...(key ? { requestFingerprint: key.fingerprint } : {}),
    };
    if (!(await this.#options.runs.insert(run))) {
      // Only a keyed run can meet its id already taken: the same key, sent twice at once.
      const winner = await this.get(scope, run.runId);
      return this.#repeat(winner, key as RunKey, call, secrets);
    }
    call.log.info({ runId: run.runId, workflow, steps: run.steps.length }, 'workflow run started');
    return { run: await this.#execute(run, call, secrets), repeated: false };
  }

  /**
   * A repeat of a keyed request: another body under the key is refused; a run still executing is
   * 409 (retry later); a run whose process died is resumed, which is what the caller repeating
   * asks for; a finished run (done or failed) is answered as it is.
   */
  async #repeat(
    run: WorkflowRun,
    key: RunKey,
    call: WorkflowCall,
    secrets: WorkflowSecrets,
  ): Promise<StartedRun> {
    if (run.requestFingerprint !== key.fingerprint) {
      throw problem(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key first started a workflow run with another workflow or body; a key names one operation.',
      );
    }
    if (run.status !== 'running') return { run, repeated: true };
    return { run: await this.resume(call, run.runId, secrets), repeated: true };
  }

  async resume(call: WorkflowCall, runId: string, secrets: WorkflowSecrets): Promise<WorkflowRun> {
    const run = await this.get(scopeOf(call.connection), runId);
    if (run.status === 'done') return run;
    if (run.status === 'running' && run.lease && run.lease.expiresAt > Date.now()) {
      throw problem(
        'WORKFLOW_RUN_IN_PROGRESS',
        'This run is being executed; it can be resumed once that stops.',
        {
          retryAfterSeconds: Math.max(1, Math.ceil((run.lease.expiresAt - Date.now()) / 1000)),
        },
      );
    }
    run.status = 'running';
    delete run.finishedAt;
    run.lease = { owner: randomUUID(), expiresAt: 0 };
    const claimed = await this.#save(run);
    call.log.info({ runId, workflow: run.workflow }, 'workflow run resumed');
    return this.#execute(claimed, call, secrets);
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun> {
    const run = await this.#options.runs.get(scope, runId);
    if (!run) throw problem('WORKFLOW_RUN_NOT_FOUND', `No workflow run '${runId}' for this tenant and app.`);
    return run;
  }

  list(scope: RunScope, userId: string, limit: number): Promise<WorkflowRun[]> {
    return this.#options.runs.listBySubject(scope, userId.toLowerCase(), limit);
  }

  async #execute(run: WorkflowRun, call: WorkflowCall, secrets: WorkflowSecrets): Promise<WorkflowRun> {
    for (let index = 0; index < run.steps.length; index += 1) {
      const planned = run.steps[index]!;
      if (planned.status === 'done' || planned.status === 'skipped') continue;
      const repeat = planned.attempts > 0;
      planned.status = 'running';
      planned.attempts += 1;
      planned.startedAt = new Date().toISOString();
      delete planned.problem;
      delete planned.finishedAt;
      // Journaled before the step acts: a crash from here on leaves it `running`, never `planned`.
      run = await this.#save(run);
      const step = run.steps[index]!;
      const outcome = await this.#runStep(run, step, call, secrets, repeat);
      Object.assign(step, outcome.step);
      await recordAudit({ line: call.log, log: call.log }, this.#options.audit, call.who, {
        action: step.capability,
        tenantId: run.tenantId,
        clientId: run.clientId,
        ...(auditObjectId(step.input) ? { objectId: auditObjectId(step.input) } : {}),
        fields: auditFields(step.input),
        outcome: step.status === 'failed' ? 'failure' : 'success',
        ...(step.problem ? { code: step.problem.code } : {}),
        graphRequestIds: step.graphRequestIds,
        runId: run.runId,
        stepId: step.id,
      });
      if (outcome.userObjectId && !run.subjects.includes(outcome.userObjectId)) {
        run.subjects.push(outcome.userObjectId);
      }
      if (step.status === 'failed') {
        run.status = 'failed';
        return this.#finish(run, call);
      }
      run = await this.#save(run);
    }
    run.status = 'done';
    return this.#finish(run, call);
  }

  async #finish(run: WorkflowRun, call: WorkflowCall): Promise<WorkflowRun> {
    run.finishedAt = new Date().toISOString();
    delete run.lease;
    const saved = await this.#save(run);
    call.log.info({ runId: run.runId, workflow: run.workflow, status: run.status }, 'workflow run finished');
    return saved;
  }

  async #runStep(
    run: WorkflowRun,
    step: RunStep,
    call: WorkflowCall,
    secrets: WorkflowSecrets,
    repeat: boolean,
  ): Promise<{ step: Partial<RunStep>; userObjectId?: string }> {
    const graph = new RecordingGraph(forCapability(this.#options.graph, step.capability));
    const capability = CAPABILITY_BY_ID.get(step.capability);
    // A user created by this run may not be visible to every replica yet: its 404s are retried.
    const afterCreate = run.steps.some(
      (s) => s.capability === 'create-user' && s.status === 'done' && s.changed,
    );
    const done = (changed: boolean) => ({
      status: 'done' as const,
      changed,
      finishedAt: new Date().toISOString(),
      graphRequestIds: [...step.graphRequestIds, ...graph.requestIds],
    });
    // One deadline for the whole step, waits included: the lease (leaseMs) outlasts it.
    const context = this.#context(call, graph);
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (step.capability === 'create-user') {
          const created = await createOrAdopt(context, step.input, {
            repeat,
            password: secrets.createUserPassword,
            describeError: (error) => this.#options.describeError(error),
            afterConflict: this.#backoff(),
          });
          return { step: done(created.changed), userObjectId: created.userObjectId };
        }
        if (!capability) throw new Error(`unknown capability ${step.capability}`);
        const output = heldOutput(await capability.run(context, step.input as never));
        return { step: done(output['changed'] !== false) };
      } catch (error) {
        const described = this.#options.describeError(error, capability?.notFoundCode);
        if (step.alreadyDoneCodes?.includes(described.code)) return { step: done(false) };
        if (afterCreate && PROPAGATION_CODES.has(described.code) && attempt < this.#delays.length) {
          call.log.debug(
            { runId: run.runId, step: step.id, code: described.code },
            'retrying a 404 after a create',
          );
          await this.#sleep(this.#delays[attempt]!);
          continue;
        }
        return {
          step: {
            status: 'failed',
            problem: {
              code: described.code,
              status: described.status,
              title: described.title,
              detail: described.detail,
            },
            finishedAt: new Date().toISOString(),
            graphRequestIds: [...step.graphRequestIds, ...graph.requestIds],
          },
        };
      }
    }
  }

  /** A fresh bounded backoff: each call waits the next delay, false once they are used up. */
  #backoff(): () => Promise<boolean> {
    let attempt = 0;
    return async () => {
      const delay = this.#delays[attempt++];
      if (delay === undefined) return false;
      await this.#sleep(delay);
      return true;
    };
  }

  /** Writes the next version, renewing the lease; another writer having come first stops this one. */
  async #save(run: WorkflowRun): Promise<WorkflowRun> {
    const next: WorkflowRun = structuredClone({
      ...run,
      version: run.version + 1,
      updatedAt: new Date().toISOString(),
      ...(run.lease
        ? { lease: { owner: run.lease.owner, expiresAt: Date.now() + this.#options.leaseMs } }
        : {}),
    });
    if (!(await this.#options.runs.replace(next))) {
      throw problem(
        'WORKFLOW_RUN_IN_PROGRESS',
        'Another request took this run over; read it to see its state.',
      );
    }
    return next;
  }

  #context(call: WorkflowCall, graph: GraphCaller): CapabilityContext {
    return {
      graph,
      graphApiVersion: this.#options.graphApiVersion,
      cursors: this.#options.cursors,
      connection: call.connection,
      requestId: call.requestId,
      deadline: new Deadline(this.#options.requestTimeoutMs),
      log: call.log,
      // A step's outcome is journaled, not streamed to the caller: nothing waits for delivery.
      afterDelivery: (task) => void task(true),
      // Steps act through Graph with this connection: a wrong secret fails the step's token request.
      proveConnection: () => Promise.resolve(),
    };
  }
}

export function scopeOf(connection: Connection): RunScope {
  return { tenantId: connection.tenantId.toLowerCase(), clientId: connection.clientId.toLowerCase() };
}

/** The request as journaled: never the password, never dryRun (a run is never a dry run). */
function journaledInput(input: Record<string, unknown>): Record<string, unknown> {
  const { createUserPassword: _password, dryRun: _dryRun, ...kept } = input;
  return kept;
}

function toRunStep(step: PlannedStep): RunStep {
  return { ...step, attempts: 0, graphRequestIds: [] };
}
