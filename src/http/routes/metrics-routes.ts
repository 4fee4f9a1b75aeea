/**
 * GET /metrics (Prometheus text) and the hook counting every answer by capability and status.
 * /metrics stays behind the API keys like every other route (api-key-auth.ts): its labels name
 * tenants and its counters reveal traffic patterns, and Prometheus can send a bearer token.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceMetrics } from '../../observability/metrics.js';
import { problemResponses } from '../problem/problem-responses.js';
import { GUARDED_PROBLEM_STATUSES } from '../problem/problem-schema.js';
import { documentedAs } from './documented-responses.js';

const CAPABILITY_PREFIX = '/capabilities/';

const METRICS_EXAMPLE = [
  '# HELP http_requests_total Requests answered, by capability (or route) and HTTP status.',
  '# TYPE http_requests_total counter',
  'http_requests_total{capability="read-user",status="200"} 42',
  '',
].join('\n');

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
        operationId: 'getMetrics',
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        description:
          'Request, Graph call, retry, token, state store and per-tenant queue metrics (the README lists them); behind the API keys.',
      },
      config: {
        swaggerTransform: documentedAs({
          200: {
            description: 'The metrics in the Prometheus text exposition format.',
            content: { 'text/plain': { schema: { type: 'string' }, example: METRICS_EXAMPLE } },
          },
          ...problemResponses(GUARDED_PROBLEM_STATUSES),
        }),
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
