/**
 * How the HTTP side behaves while the instance stops.
 *
 * Requests that still arrive (on a connection accepted just before the
 * listener closed, or a keep-alive one) are refused as problem+json 503 SHUTTING_DOWN with
 * Retry-After, so callers can branch on the code and retry elsewhere; Fastify's own refusal is a
 * plain `{"error": ...}` body without either. The probes keep answering: /readyz reports "not
 * ready" while closing, which is what a load balancer drains on.
 */
import type { FastifyInstance } from 'fastify';
import { problem } from '../../errors/problem.js';
import { pathOf } from './request-path.js';

const PROBES = new Set(['/healthz', '/readyz']);

/** Long enough for a load balancer to have taken the instance out, short enough not to stall a retry. */
const RETRY_AFTER_SECONDS = 2;

/** How often, while closing, connections that have turned idle since the last look are closed. */
const IDLE_REAP_INTERVAL_MS = 100;

export function registerShutdownRefusal(app: FastifyInstance, isClosing: () => boolean): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isClosing() || PROBES.has(pathOf(request.url))) {
      done();
      return;
    }
    done(
      problem('SHUTTING_DOWN', 'This instance is stopping and takes no new requests; send the call again.', {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      }),
    );
  });
}

/**
 * Node closes the idle connections once, when the close begins. A connection whose answer was
 * still being written then (a streamed delta round, say) had already been told keep-alive, so it
 * turns idle later and would hold the close until HTTP_KEEP_ALIVE_TIMEOUT_MS; the shutdown grace
 * would then end the process before the stores are closed and the log flushed. So, while closing,
 * connections are closed as soon as they turn idle.
 */
export function registerIdleConnectionReaping(app: FastifyInstance): void {
  app.addHook('preClose', async () => {
    const server = app.server;
    const reaper = setInterval(() => server.closeIdleConnections(), IDLE_REAP_INTERVAL_MS);
    reaper.unref();
    server.once('close', () => clearInterval(reaper));
  });
}
