import type { FastifyInstance } from 'fastify';

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
    { schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: dependencies reachable and not shutting down',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
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
