import { Type } from '@sinclair/typebox';
import { GUID_PATTERN, Nullable } from '../../capabilities/common/common-schemas.js';
import type { WorkflowRun } from '../../stores/workflow-runs/workflow-run.js';
import type { PlannedStep } from '../../workflows/workflow-plan.js';

const StepStatusSchema = Type.Union(
  ['planned', 'running', 'done', 'skipped', 'failed'].map((status) => Type.Literal(status)),
  {
    description:
      '`planned`: not attempted. `running`: started and not finished (the process stopped mid-step when the run is not running: resume repeats it, safely). `done`, `skipped` (see reason), `failed` (see problem).',
  },
);

const StepSchema = Type.Object({
  id: Type.String({ description: 'Unique in the run, e.g. "add-user-to-group:<groupId>".' }),
  capability: Type.String({ description: 'The capability the step runs.' }),
  description: Type.String(),
  input: Type.Record(Type.String(), Type.Unknown(), {
    description: "The capability's input (no credentials or passwords).",
  }),
  status: StepStatusSchema,
  reason: Type.Optional(Type.String({ description: 'Why the step is skipped.' })),
  problem: Type.Optional(
    Type.Object({
      code: Type.String(),
      status: Type.Integer(),
      title: Type.String(),
      detail: Type.Optional(Type.String()),
    }),
  ),
  changed: Type.Optional(Type.Boolean({ description: 'false: the change was already in place.' })),
  attempts: Type.Optional(Type.Integer()),
  startedAt: Type.Optional(Type.String()),
  finishedAt: Type.Optional(Type.String()),
  graphRequestIds: Type.Optional(
    Type.Array(Type.String(), { description: "Graph's request-id of each answer." }),
  ),
});

export const RunSchema = Type.Object({
  runId: Type.String(),
  workflow: Type.String(),
  tenantId: Type.String(),
  clientId: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], {
    description: '`running` also for a run whose process stopped: resume it.',
  }),
  subjects: Type.Array(Type.String(), { description: "The user's names the run is found by." }),
  input: Type.Record(Type.String(), Type.Unknown(), { description: 'The request (never the password).' }),
  steps: Type.Array(StepSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Type.Optional(Nullable(Type.String())),
  version: Type.Integer({ description: 'Incremented by every journal write.' }),
});

export const WorkflowAnswerSchema = Type.Object({
  dryRun: Type.Boolean(),
  run: Type.Optional(RunSchema),
  plan: Type.Optional(
    Type.Object({
      workflow: Type.String(),
      steps: Type.Array(StepSchema, {
        description: 'What a run would do now, and what it would skip and why.',
      }),
    }),
  ),
});

export const ScopeQuerySchema = Type.Object(
  {
    connection: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    tenantId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    clientId: Type.Optional(Type.String({ pattern: GUID_PATTERN })),
  },
  { additionalProperties: false },
);

/** The run as callers see it: the executor's lease, the key's fingerprint and the engine's bookkeeping left out. */
export function presentRun(run: WorkflowRun) {
  const { lease: _lease, requestFingerprint: _fingerprint, ...shown } = run;
  return { ...shown, steps: run.steps.map(({ alreadyDoneCodes: _codes, ...step }) => step) };
}

export function presentPlanStep({ alreadyDoneCodes: _codes, ...step }: PlannedStep) {
  return step;
}
