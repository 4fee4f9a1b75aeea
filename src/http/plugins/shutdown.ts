/**
 * While the instance stops, requests that still arrive (on a connection accepted just before the
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
