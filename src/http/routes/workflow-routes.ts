import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../errors/problem.js';
import { callerId } from '../../observability/audit-log.js';
import type { WorkflowEngine } from '../../workflows/workflow-engine.js';
import {
  MoveUserInputSchema,
  OffboardUserInputSchema,
  OnboardUserInputSchema,
  ResumeInputSchema,
} from '../../workflows/workflow-inputs.js';
import type { WorkflowName } from '../../workflows/workflow-plan.js';
import { bearerOf, REPLAYED_HEADER } from '../idempotency/idempotency-guard.js';
import {
  idempotencyKeyOf,
  idempotencyRecordKey,
  requestFingerprint,
  workflowRunIdFor,
} from '../idempotency/idempotency-key.js';
import { problemResponses } from '../problem/problem-responses.js';
import { COMMON_PROBLEM_STATUSES, GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { provenScope } from '../proven-scope.js';
import { type ConnectionPolicy, type ConnectionProof, resolveConnection } from '../resolve-connection.js';
import { withProblemResponses } from './documented-responses.js';
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
  proveConnection: ConnectionProof;
}

const WORKFLOWS: Array<{
  name: WorkflowName;
  operationId: string;
  input: TSchema;
  summary: string;
  description: string;
}> = [
  {
    name: 'onboard-user',
    operationId: 'onboardUser',
    input: OnboardUserInputSchema,
    summary: 'Joiner: create the user, set the manager, add groups, assign licenses',
    description:
      'A user with this UPN and employeeId is adopted rather than created again; another user with the UPN is 409 WORKFLOW_USER_CONFLICT. The password is used to create the user and never journaled.',
  },
  {
    name: 'move-user',
    operationId: 'moveUser',
    input: MoveUserInputSchema,
    summary: 'Mover: apply only the differences between the target state and the current one',
    description:
      'department, jobTitle, managerId (null clears), groupIds and licenses (each the complete direct set wanted); fields left out are left alone.',
  },
  {
    name: 'offboard-user',
    operationId: 'offboardUser',
    input: OffboardUserInputSchema,
    summary:
      'Leaver: disable, revoke sessions, leave groups, hand over ownership, remove licenses, clear the manager',
    description:
      'Dynamic, on-premises-synced and Exchange-managed groups and licenses inherited from groups are reported as skipped, not attempted. Groups the user is the last owner of get the manager as owner. `deleteUser: true` deletes the user after every other step succeeded.',
  },
];

const RUN_DESCRIPTION =
  'Steps run in order through the capabilities (same codes and retries); each is journaled in the state store before it acts and after. The first failed step stops the run (its `problem` recorded, later steps stay `planned`) and the answer is 200 with `run.status: "failed"`; resume it after fixing the cause. `dryRun: true` answers the plan and changes nothing. An `Idempotency-Key` makes a repeat reach the same run however long it takes: 409 WORKFLOW_RUN_IN_PROGRESS while it executes, a resume if its process died, the run once finished.';

const tags = ['workflows'];

const problemCodes = {
  404: 'WORKFLOW_RUN_NOT_FOUND',
  409: 'WORKFLOW_RUN_IN_PROGRESS',
  422: 'IDEMPOTENCY_KEY_REUSED',
} as const;
/** Starting a run: the capabilities' own failures, plus the Idempotency-Key's 409 and 422. */
const START_PROBLEMS = [...COMMON_PROBLEM_STATUSES, 404, 409, 422];
/** Reading runs: the guarded statuses, an unproven scope (400) and an unknown run (404). */
const READ_PROBLEMS = [...GUARDED_PROBLEM_STATUSES, 404];
const RESUME_PROBLEMS = [...COMMON_PROBLEM_STATUSES, 404, 409];

/** Documents the problem answers beside the route's own 200. */
const withProblems = (statuses: number[]) =>
  withProblemResponses(problemResponses(statuses, { topic: 'workflows', codes: problemCodes }));

/** The three workflows, their runs, and resume. */
export function registerWorkflowRoutes(fastify: FastifyInstance, options: WorkflowRouteOptions): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { engine } = options;

  for (const workflow of WORKFLOWS) {
    app.post(
      `/workflows/${workflow.name}`,
      {
        schema: {
          operationId: workflow.operationId,
          tags,
          summary: workflow.summary,
          description: `${workflow.description} ${RUN_DESCRIPTION}`,
          body: workflow.input,
          response: { 200: WorkflowAnswerSchema },
        },
        config: { swaggerTransform: withProblems(START_PROBLEMS) },
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
        const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
        // No lease in the idempotency store here: a run can outlast any lease sized for a request,
        // so the run journal itself is the key's record (its id derived from the key).
        const key =
          idempotencyKey === undefined
            ? undefined
            : {
                runId: workflowRunIdFor(
                  idempotencyRecordKey({
                    apiKey: bearerOf(request.headers.authorization),
                    tenantId: connection.tenantId,
                    clientId: connection.clientId,
                    idempotencyKey,
                  }),
                ),
                fingerprint: requestFingerprint(`workflow:${workflow.name}`, request.body),
              };
        const password = input['createUserPassword'];
        const { run, repeated } = await engine.start(
          workflow.name,
          call,
          input,
          typeof password === 'string' ? { createUserPassword: password } : {},
          key,
        );
        if (repeated) reply.header(REPLAYED_HEADER, 'true');
        return { dryRun: false, run: presentRun(run) };
      },
    );
  }

  app.get(
    '/workflows/runs/:runId',
    {
      schema: {
        operationId: 'getWorkflowRun',
        tags,
        summary: 'A workflow run with its steps',
        params: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: ScopeQuerySchema,
        response: { 200: Type.Object({ run: RunSchema }) },
      },
      config: { swaggerTransform: withProblems(READ_PROBLEMS) },
    },
    async (request) => ({
      run: presentRun(await engine.get(await provenScope(request, options), request.params.runId)),
    }),
  );

  app.get(
    '/workflows/runs',
    {
      schema: {
        operationId: 'listWorkflowRuns',
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
            // A string: query strings are not coerced (bounded-validation.ts), so an integer type
            // would refuse every `limit=` a URL can carry.
            limit: Type.Optional(
              Type.String({
                pattern: '^(100|[1-9][0-9]?)$',
                description: 'At most this many runs, 1 to 100 (default 20).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ runs: Type.Array(RunSchema) }) },
      },
      config: { swaggerTransform: withProblems(READ_PROBLEMS) },
    },
    async (request) => {
      const { userId, limit, ...query } = request.query;
      const runs = await engine.list(
        await provenScope({ query, headers: request.headers }, options),
        userId,
        limit === undefined ? 20 : Number(limit),
      );
      return { runs: runs.map(presentRun) };
    },
  );

  app.post(
    '/workflows/runs/:runId/resume',
    {
      schema: {
        operationId: 'resumeWorkflowRun',
        tags,
        summary: 'Resume a workflow run from its first step not done',
        description:
          'For a run whose process stopped (its lease over: 409 WORKFLOW_RUN_IN_PROGRESS until then) or that failed. Done and skipped steps are not repeated; a step left `running` is repeated, which finds its change already made. A run that is done is answered as it is.',
        params: Type.Object({ runId: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: ResumeInputSchema,
        response: { 200: Type.Object({ run: RunSchema }) },
      },
      config: { swaggerTransform: withProblems(RESUME_PROBLEMS) },
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
