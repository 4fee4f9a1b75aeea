/**
 * Per-caller request ceiling (RATE_LIMIT_PER_MINUTE) on @fastify/rate-limit: 429 RATE_LIMITED with
 * Retry-After above it, and `RateLimit-Limit`, `-Remaining`, `-Reset` (the IETF draft's names) on
 * every counted answer. A caller is its API key when it presents a valid one, as `key:<n>` (the
 * key's position in API_KEYS: the key itself never reaches Redis or a log line), else its address,
 * so wrong keys (guessing) share their address's budget instead of each getting a fresh one.
 * Probes are never limited: an orchestrator must always see the truth. With a shared Redis the
 * budget holds across replicas (rate-limit-store.ts).
 *
 * The check is an app-level onRequest hook made with `app.rateLimit()`, registered before API-key
 * auth, and not the plugin's global mode: that adds it as a route-level hook, which Fastify runs
 * after the app-level API-key check, so a refused key would answer 401 without spending its
 * address's budget and guessing would be unlimited.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { problem } from '../../errors/problem.js';
import { rateLimitStore } from './rate-limit-store.js';
import { pathOf } from './request-path.js';

const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);
const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  perMinute: number;
  apiKeys: string[];
  /** Redis shared by all replicas; without it each replica counts on its own. */
  shared?: { redis: Redis; keyPrefix: string } | undefined;
}

export async function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  if (options.perMinute <= 0) return;
  const callerOf = callerIdentity(options.apiKeys);
  await app.register(fastifyRateLimit, {
    global: false,
    max: options.perMinute,
    timeWindow: WINDOW_MS,
    store: rateLimitStore(options.shared),
    keyGenerator: callerOf,
    enableDraftSpec: true,
    // Retry-After comes from the problem (error-handler.ts), as for every other 429 and 503.
    addHeaders: { 'retry-after': false },
    errorResponseBuilder: (_request, context) => {
      const resetSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return problem(
        'RATE_LIMITED',
        `This caller may make ${context.max} requests per minute; retry after ${resetSeconds} s.`,
        { retryAfterSeconds: resetSeconds },
      );
    },
  });
  const limit = app.rateLimit();
  // Callback style around the plugin's own async check: no second promise of our own per request.
  app.addHook('onRequest', function rateLimit(request, reply, done) {
    if (UNLIMITED_PATHS.has(pathOf(request.url))) {
      done();
      return;
    }
    limit.call(this, request, reply).then(() => done(), done);
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
