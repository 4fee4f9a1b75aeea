/**
 * Where @fastify/rate-limit counts: its Redis store when a shared Redis is configured, so that
 * every replica spends one budget per caller, and its in-process store otherwise. While Redis is
 * not connected, or a count fails (the connection's command timeout bounds a slow one), the
 * request is counted in-process instead: the limit degrades to per replica rather than failing
 * open (the plugin's skipOnError: no limit at all) or closed (everyone refused while most calls
 * need no Redis). A request never waits for a disconnected Redis.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { Redis } from 'ioredis';

/** Bounded, so a flood of distinct callers (spoofed keys, many addresses) cannot grow memory. */
const LOCAL_CALLERS = 50_000;

type Incr = FastifyRateLimitStore['incr'];

/** The store class the plugin's `store` option takes (it constructs it with its own settings). */
export function rateLimitStore(shared?: { redis: Redis; keyPrefix: string }): FastifyRateLimitStoreCtor {
  const local = new LocalStore(false, false, LOCAL_CALLERS);
  if (!shared) return storeClass((key, done, windowMs, max) => local.incr(key, done, windowMs, max));
  const redis = new RedisStore(false, false, shared.redis, shared.keyPrefix);
  return storeClass((key, done, windowMs, max) => {
    if (shared.redis.status !== 'ready') {
      local.incr(key, done, windowMs, max);
      return;
    }
    redis.incr(
      key,
      (error, result) => (error ? local.incr(key, done, windowMs, max) : done(null, result)),
      windowMs,
      max,
    );
  });
}

function storeClass(incr: Incr): FastifyRateLimitStoreCtor {
  return class implements FastifyRateLimitStore {
    incr = incr;
    // Only the service-wide limit exists (no route has a rateLimit config of its own).
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
