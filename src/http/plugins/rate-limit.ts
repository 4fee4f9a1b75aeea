/**
 * Per-caller request ceiling (RATE_LIMIT_PER_MINUTE): 429 RATE_LIMITED with Retry-After above it.
 * A caller is its API key when it presents a valid one, else its address, so wrong keys (guessing)
 * share their address's budget instead of each getting a fresh one. Registered before API-key auth
 * for that reason. Probes are never limited: an orchestrator must always see the truth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from '../../errors/problem.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { pathOf } from './request-path.js';

const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

export interface RateLimitOptions {
  perMinute: number;
  apiKeys: string[];
  /** Injected in tests. */
  now?: () => number;
}

export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.perMinute <= 0) return;
  const limiter = new FixedWindowLimiter(options.perMinute);
  const callerOf = callerIdentity(options.apiKeys);
  const now = options.now ?? Date.now;
  app.addHook('onRequest', (request, reply, done) => {
    if (UNLIMITED_PATHS.has(pathOf(request.url))) {
      done();
      return;
    }
    const decision = limiter.take(callerOf(request), now());
    const resetSeconds = Math.max(1, Math.ceil(decision.resetInMs / 1000));
    reply.header('ratelimit-limit', String(decision.limit));
    reply.header('ratelimit-remaining', String(decision.remaining));
    reply.header('ratelimit-reset', String(resetSeconds));
    if (!decision.allowed) {
      done(
        problem(
          'RATE_LIMITED',
          `This caller may make ${decision.limit} requests per minute; retry after ${resetSeconds} s.`,
          { retryAfterSeconds: resetSeconds },
        ),
      );
      return;
    }
    done();
  });
}

/** `key:<n>` for a valid API key (compared in constant time, as in api-key-auth.ts), else `ip:<address>`. */
function callerIdentity(apiKeys: string[]): (request: FastifyRequest) => string {
  const digests = apiKeys.map(digest);
  return (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (match?.[1] && digests.length > 0) {
      const presented = digest(match[1]);
      let index = -1;
      digests.forEach((candidate, i) => {
        if (timingSafeEqual(candidate, presented)) index = i;
      });
      if (index >= 0) return `key:${index}`;
    }
    return `ip:${request.ip}`;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
