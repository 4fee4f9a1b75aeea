import type { FastifyInstance } from 'fastify';
import { problem } from '../../errors/problem.js';
import { problemBody } from '../problem/error-handler.js';
import { problemResponses } from '../problem/problem-responses.js';
import { TRANSPORT_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { documentedAs, jsonResponse } from './documented-responses.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves true when ready; false, or a rejection whose message says why, when not. */
  check(): Promise<boolean>;
}

const HealthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    checks: { type: 'object', additionalProperties: { type: 'boolean' } },
  },
} as const;

/** The probes answer during shutdown too (shutdown.ts lets them through): that is their job. */
const PROBE_PROBLEMS = TRANSPORT_PROBLEM_STATUSES.filter((status) => status !== 503);

/** How long one readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

const NOT_READY_EXAMPLE = {
  ...problemBody(
    problem(
      'SERVICE_NOT_READY',
      'Not ready: store: the SQLite cursor store cannot be written: disk I/O error',
    ),
    '4c8f3a52-1b7e-4d0a-9a51-0e6f1d2b7c90',
  ),
  checks: { store: false },
};

/**
 * /healthz says the process is alive; /readyz says it should get traffic: every dependency does
 * its job (the store takes a write, not just a read) and it is not shutting down (so a load
 * balancer drains it before it closes). Not ready is a problem+json naming what failed.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  checks: ReadinessCheck[],
  isClosing: () => boolean,
) {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['operations'],
        summary: 'Liveness',
        description: 'Answers 200 while the process runs; needs no API key.',
        security: [],
        response: { 200: HealthSchema },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('The process is alive.', HealthSchema, { status: 'ok' }),
          ...problemResponses(PROBE_PROBLEMS),
        }),
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['operations'],
        summary: 'Readiness: dependencies work (the store takes a write) and not shutting down',
        description:
          'Answers 200 when every dependency works (the state store takes a test write) and the instance is not stopping, else 503 problem+json `SERVICE_NOT_READY` naming what failed, with the checks; needs no API key.',
        security: [],
        response: { 200: HealthSchema, 503: { $ref: 'Problem#' } },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('Ready for traffic.', HealthSchema, { status: 'ready', checks: { store: true } }),
          ...problemResponses(PROBE_PROBLEMS),
          503: {
            description: 'Not ready: a dependency failed its check, or the instance is stopping.',
            content: {
              'application/problem+json': { schema: { $ref: 'Problem#' }, example: NOT_READY_EXAMPLE },
            },
          },
        }),
      },
    },
    async (request, reply) => {
      const results: Record<string, boolean> = {};
      const failures: string[] = [];
      await Promise.all(
        checks.map(async ({ name, check }) => {
          const outcome = await withTimeout(check()).catch((error: unknown) =>
            error instanceof Error ? error.message : String(error),
          );
          results[name] = outcome === true;
          if (outcome !== true) failures.push(outcome === false ? `${name}: failed` : `${name}: ${outcome}`);
        }),
      );
      if (isClosing()) failures.push('shutting down');
      if (failures.length === 0) return reply.status(200).send({ status: 'ready', checks: results });
      const notReady = problem(
        'SERVICE_NOT_READY',
        `Not ready: ${failures.sort().join('; ').slice(0, 1000)}`,
      );
      return reply
        .status(503)
        .type('application/problem+json')
        .send(JSON.stringify({ ...problemBody(notReady, request.id), checks: results }));
    },
  );
}

function withTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}
