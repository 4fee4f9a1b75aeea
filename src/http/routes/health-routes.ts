import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../problem/problem-responses.js';
import { TRANSPORT_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { documentedAs, jsonResponse } from './documented-responses.js';

export interface ReadinessCheck {
  name: string;
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

/**
 * /healthz says the process is alive; /readyz says it should get traffic: every dependency answers
 * and it is not shutting down (so a load balancer drains it before it closes).
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
        summary: 'Readiness: dependencies reachable and not shutting down',
        description:
          'Answers 200 when every dependency (the state store) answers and the instance is not stopping, else 503 with the failing checks; needs no API key.',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
      config: {
        swaggerTransform: documentedAs({
          200: jsonResponse('Ready for traffic.', HealthSchema, { status: 'ready', checks: { store: true } }),
          ...problemResponses(PROBE_PROBLEMS),
          503: jsonResponse(
            'Not ready: a dependency does not answer, or the instance is stopping.',
            HealthSchema,
            {
              status: 'not ready',
              checks: { store: false },
            },
          ),
        }),
      },
    },
    async (_request, reply) => {
      const results: Record<string, boolean> = {};
      await Promise.all(
        checks.map(async ({ name, check }) => {
          results[name] = await check().catch(() => false);
        }),
      );
      const ready = !isClosing() && Object.values(results).every(Boolean);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
    },
  );
}
