/**
 * GET /metrics (Prometheus text) and the hook counting every answer by capability and status.
 * /metrics stays behind the API keys like every other route (api-key-auth.ts): its labels name
 * tenants and its counters reveal traffic patterns, and Prometheus can send a bearer token.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../observability/metrics.js';

const CAPABILITY_PREFIX = '/capabilities/';

export function registerMetricsRoutes(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: unknown paths must not mint new series.
    const route = request.routeOptions.url;
    const capability =
      route === undefined
        ? 'unmatched'
        : route.startsWith(CAPABILITY_PREFIX)
          ? route.slice(CAPABILITY_PREFIX.length)
          : route;
    metrics.requests.inc({ capability, status: String(reply.statusCode) });
    metrics.requestDuration.observe({ capability }, reply.elapsedTime / 1000);
    done();
  });

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        response: {
          200: {
            description: 'Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
