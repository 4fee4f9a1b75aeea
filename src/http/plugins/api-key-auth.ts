import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../../errors/problem.js';
import { pathOf } from './request-path.js';

/** Routes anyone may call: probes and the explorer. Everything else needs a key when keys are set. */
const OPEN_PREFIXES = ['/healthz', '/readyz', '/docs', '/openapi.json'];

/**
 * `Authorization: Bearer <key>` against API_KEYS. Keys are compared as SHA-256 digests with
 * timingSafeEqual, so neither the key length nor its content leaks through timing.
 */
export function registerApiKeyAuth(app: FastifyInstance, apiKeys: string[]): void {
  if (apiKeys.length === 0) return;
  const digests = apiKeys.map(digest);
  // Callback style: the check is synchronous, and an async hook costs every request a promise.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    const path = pathOf(request.url);
    if (OPEN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
      done();
      return;
    }
    const presented = bearerKey(request.headers.authorization);
    const presentedDigest = presented ? digest(presented) : undefined;
    // Compare against every key (no early exit) so the position of a match does not show in timing.
    let matched = false;
    for (const candidate of digests) {
      if (presentedDigest && timingSafeEqual(candidate, presentedDigest)) matched = true;
    }
    if (!matched) {
      reply.header('www-authenticate', 'Bearer');
      done(problem('UNAUTHORIZED', 'Send Authorization: Bearer <API key>.'));
      return;
    }
    done();
  });
}

function bearerKey(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
