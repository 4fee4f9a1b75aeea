import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../errors/problem.js';
import { callerId } from '../../observability/audit-log.js';
import type { RunScope } from '../../stores/workflow-runs/workflow-run.js';
import type { WorkflowEngine } from '../../workflows/workflow-engine.js';
import {
  MoveUserInputSchema,
  OffboardUserInputSchema,
  OnboardUserInputSchema,
  ResumeInputSchema,
} from '../../workflows/workflow-inputs.js';
import type { WorkflowName } from '../../workflows/workflow-plan.js';
import { guardIdempotency, type IdempotencyOptions } from '../idempotency/idempotency-guard.js';
import { type ConnectionPolicy, namedConnection, resolveConnection } from '../resolve-connection.js';
import {
  presentPlanStep,
  presentRun,
  RunSchema,
  ScopeQuerySchema,
  WorkflowAnswerSchema,
} from './workflow-schemas.js';

export interface WorkflowRouteOptions {
  engine: WorkflowEngine;
  connections: ConnectionPolicy;
  idempotency: IdempotencyOptions;
}

const WORKFLOWS: Array<{ name: WorkflowName; input: TSchema; summary: string; description: string }> = [
  {
    name: 'onboard-user',
    input: OnboardUserInputSchema,
    summary: 'Joiner: create the user, set the manager, add groups, assign licenses',
    description:
      'A user with this UPN and employeeId is adopted rather than created again; another user with the UPN is 409 WORKFLOW_USER_CONFLICT. The password is used to create the user and never journaled.',
  },
  {
    name: 'move-user',
    input: MoveUserInputSchema,
    summary: 'Mover: apply only the differences between the target state and the current one',
    description:
      'department, jobTitle, managerId (null clears), groupIds and licenses (each the complete direct set wanted); fields left out are left alone.',
  },
  {
    name: 'offboard-user',
    input: OffboardUserInputSchema,
    summary:
      'Leaver: disable, revoke sessions, leave groups, hand over ownership, remove licenses, clear the manager',
    description:
      'Dynamic, on-premises-synced and Exchange-managed groups and licenses inherited from groups are reported as skipped, not attempted. Groups the user is the last owner of get the manager as owner. `deleteUser: true` deletes the user after every other step succeeded.',
  },
];

const RUN_DESCRIPTION =
  'Steps run in order through the capabilities (same codes and retries); each is journaled in the state store before it acts and after. The first failed step stops the run (its `problem` recorded, later steps stay `planned`) and the answer is 200 with `run.status: "failed"`; resume it after fixing the cause. `dryRun: true` answers the plan and changes nothing. An `Idempotency-Key` makes a repeat return the same run.';

const tags = ['workflows'];

/** The three workflows, their runs, and resume. */
export function registerWorkflowRoutes(fastify: FastifyInstance, options: WorkflowRouteOptions): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { engine } = options;

  for (const workflow of WORKFLOWS) {
    app.post(
      `/workflows/${workflow.name}`,
      {
        schema: {
          tags,
          summary: workflow.summary,
          description: `${workflow.description} ${RUN_DESCRIPTION}`,
          body: workflow.input,
          response: { 200: WorkflowAnswerSchema },
        },
      },
      async (request, reply) => {
        const body = request.body as Record<string, unknown>;
        const connection = resolveConnection(body, options.connections);
        const { clientId: _c, clientSecret: _s, tenantId: _t, connection: _n, ...input } = body;
        const dryRun = input['dryRun'] === true;
        validateLicenses(input['licenses']);
        const call = {
          connection,
          requestId: request.id,
          log: request.log,
          who: callerId(request.headers.authorization),
        };
        if (dryRun) {
          const plan = await engine.plan(workflow.name, call, input);
          return { dryRun: true, plan: { workflow: workflow.name, steps: plan.steps.map(presentPlanStep) } };
        }
        const guarded = await guardIdempotency(
          request,
          reply,
          {
            capabilityId: `workflow:${workflow.name}`,
            mutates: true,
            tenantId: connection.tenantId,
            clientId: connection.clientId,
          },
          options.idempotency,
        );
        if (guarded === 'replayed') return reply;
        const password = input['createUserPassword'];
        const run = await engine.start(workflow.name, call, input, {
          ...(typeof password === 'string' ? { createUserPassword: password } : {}),
        });
        return { dryRun: false, run: presentRun(run) };
      },
    );
  }

  app.get(
    '/workflows/runs/:runId',
    {
      schema: {
        tags,
        summary: 'A workflow run with its steps',
        params: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: ScopeQuerySchema,
        response: { 200: Type.Object({ run: RunSchema }) },
      },
    },
    async (request) => ({
      run: presentRun(await engine.get(scopeOf(request.query, options.connections), request.params.runId)),
    }),
  );

  app.get(
    '/workflows/runs',
    {
      schema: {
        tags,
        summary: "A user's workflow runs, newest first",
        querystring: Type.Object(
          {
            ...ScopeQuerySchema.properties,
            userId: Type.String({
              minLength: 1,
              maxLength: 1024,
              description: "The user's userPrincipalName or object id.",
            }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ runs: Type.Array(RunSchema) }) },
      },
    },
    async (request) => {
      const { userId, limit, ...scope } = request.query;
      const runs = await engine.list(scopeOf(scope, options.connections), userId, limit ?? 20);
      return { runs: runs.map(presentRun) };
    },
  );

  app.post(
    '/workflows/runs/:runId/resume',
    {
      schema: {
        tags,
        summary: 'Resume a workflow run from its first step not done',
        description:
          'For a run whose process stopped (its lease over: 409 WORKFLOW_RUN_IN_PROGRESS until then) or that failed. Done and skipped steps are not repeated; a step left `running` is repeated, which finds its change already made. A run that is done is answered as it is.',
        params: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: ResumeInputSchema,
        response: { 200: Type.Object({ run: RunSchema }) },
      },
    },
    async (request) => {
      const connection = resolveConnection(request.body, options.connections);
      const password = request.body.createUserPassword;
      const run = await engine.resume(
        { connection, requestId: request.id, log: request.log, who: callerId(request.headers.authorization) },
        request.params.runId,
        password === undefined ? {} : { createUserPassword: password },
      );
      return { run: presentRun(run) };
    },
  );
}

/** Each license names its SKU once: by skuId or by skuPartNumber. */
function validateLicenses(licenses: unknown): void {
  if (!Array.isArray(licenses)) return;
  const errors = licenses.flatMap((license: Record<string, unknown>, index) =>
    (license['skuId'] === undefined) === (license['skuPartNumber'] === undefined)
      ? [{ path: `/licenses/${index}`, message: 'give exactly one of skuId and skuPartNumber' }]
      : [],
  );
  if (errors.length)
    throw badRequest('VALIDATION_FAILED', 'Each license needs skuId or skuPartNumber.', errors);
}

/** Runs belong to (tenant, client id): from the query, else the named or default connection. */
function scopeOf(query: Record<string, string | undefined>, policy: ConnectionPolicy): RunScope {
  const base =
    query['connection'] !== undefined
      ? namedConnection(policy, query['connection'])
      : policy.defaultConnection;
  const tenantId = query['tenantId'] ?? base?.tenantId;
  const clientId = query['clientId'] ?? base?.clientId;
  if (!tenantId || !clientId) {
    throw badRequest('CONNECTION_REQUIRED', 'Name the tenantId and clientId whose runs these are.', [
      { path: '/tenantId', message: 'is required when no connection provides it' },
    ]);
  }
  return { tenantId: tenantId.toLowerCase(), clientId: clientId.toLowerCase() };
}
