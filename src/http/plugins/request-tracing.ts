/**
 * A server span per request (OpenTelemetry's HTTP server conventions), whose parent is the
 * caller's `traceparent` when it sent one, made the active span for the route, so the Graph calls
 * the route makes are its children and carry the same trace to Graph. Registered only when tracing
 * is on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerSpan, Tracing } from '../../observability/tracing.js';

const spans = new WeakMap<FastifyRequest, ServerSpan>();

export function registerRequestTracing(app: FastifyInstance, tracing: Tracing): void {
  // onRequest runs after routing: the route pattern names the span, never the raw URL.
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const span = tracing.startServerSpan(
      route === undefined ? request.method : `${request.method} ${route}`,
      request.headers,
      {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': request.url.split('?', 1)[0],
        'url.scheme': request.protocol,
        'server.address': request.hostname,
        'user_agent.original': request.headers['user-agent'],
        'client.address': request.ip,
      },
    );
    spans.set(request, span);
    done();
  });
  // Callback-style on purpose: the hooks after this one and the handler run inside `done`, so
  // inside the span's context, and so do the promises they start.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span === undefined) done();
    else span.runInside(() => done());
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttributes({ 'http.response.status_code': reply.statusCode });
      // A server span fails on 5xx only: a 4xx is the caller's mistake, not the service's.
      if (reply.statusCode >= 500) span.fail(String(reply.statusCode));
      span.end();
      spans.delete(request);
    }
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      span.fail('aborted', 'The client closed the connection before the answer');
      span.end();
      spans.delete(request);
    }
    done();
  });
}
