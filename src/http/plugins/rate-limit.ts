/**
 * Per-caller request ceiling (RATE_LIMIT_PER_MINUTE): 429 RATE_LIMITED with Retry-After above it.
 * A caller is its API key when it presents a valid one, else its address, so wrong keys (guessing)
 * share their address's budget instead of each getting a fresh one. Registered before API-key auth
 * for that reason. Probes are never limited: an orchestrator must always see the truth.
 * With a shared store (STATE_STORE_URL=redis://...) the budget holds across replicas
 * (shared-window-limiter.ts). @fastify/rate-limit would do the Redis part, but it attaches its
 * check as a route-level hook, which Fastify runs after the app-level API-key check: a refused key
 * would answer 401 without spending its address's budget, and guessing would be unlimited.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../../errors/problem.js';
import type { RequestCounter } from '../../stores/rate-limit/redis-request-counter.js';
import { FixedWindowLimiter, type LimitDecision } from './fixed-window-limiter.js';
import { pathOf } from './request-path.js';
import { SharedWindowLimiter } from './shared-window-limiter.js';

const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

export interface RateLimitOptions {
  perMinute: number;
  apiKeys: string[];
  /** A store shared by all replicas (Redis); without it each replica counts on its own. */
  shared?: RequestCounter | undefined;
  /** Injected in tests. */
  now?: () => number;
}

export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.perMinute <= 0) return;
  const limiter = options.shared
    ? new SharedWindowLimiter(options.perMinute, options.shared)
    : new FixedWindowLimiter(options.perMinute);
  const callerOf = callerIdentity(options.apiKeys);
  const now = options.now ?? Date.now;
  app.addHook('onRequest', (request, reply, done) => {
    if (UNLIMITED_PATHS.has(pathOf(request.url))) {
      done();
      return;
    }
    const decision = limiter.take(callerOf(request), now());
    // The in-process limiter answers synchronously: no promise on the hot path without Redis.
    if (decision instanceof Promise) {
      decision.then((settled) => answer(reply, settled, done));
    } else {
      answer(reply, decision, done);
    }
  });
}

function answer(reply: FastifyReply, decision: LimitDecision, done: (error?: Error) => void): void {
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
