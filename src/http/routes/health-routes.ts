import type { FastifyInstance } from 'fastify';
import { problem } from '../../errors/problem.js';
import { problemBody } from '../problem/error-handler.js';

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

/** How long one readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

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
    { schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: dependencies work (the store takes a write) and not shutting down',
        security: [],
        response: { 200: HealthSchema, 503: { $ref: 'Problem#' } },
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
