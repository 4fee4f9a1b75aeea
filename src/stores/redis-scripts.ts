/**
 * Lua scripts behind RedisCursorStore. Redis runs a script with nothing interleaved, so the
 * version check, the hash write and the index update happen together or not at all: two
 * concurrent commits of one cursor cannot leave it half-written, whichever replica sends them.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  source: string;
  sha: string;
}

export function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * KEYS: cursor hash, scope index (sorted set).
 * ARGV: expectedVersion ('' = unconditional), tenantId, clientId, syncKey, link, linkKind,
 *       userQuery, now (ISO).
 * Returns {0, currentVersion} on conflict, {1, newVersion, createdAt} on success.
 */
export const PUT_SCRIPT = script(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version')) or 0
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
  return {0, current}
end
local createdAt = redis.call('HGET', KEYS[1], 'createdAt')
if not createdAt then createdAt = ARGV[8] end
local version = current + 1
redis.call('HSET', KEYS[1],
  'tenantId', ARGV[2], 'clientId', ARGV[3], 'syncKey', ARGV[4],
  'link', ARGV[5], 'linkKind', ARGV[6], 'userQuery', ARGV[7],
  'version', version, 'createdAt', createdAt, 'updatedAt', ARGV[8])
redis.call('ZADD', KEYS[2], 0, ARGV[4])
return {1, version, createdAt}
`);

/** KEYS: cursor hash, scope index. ARGV: syncKey. Returns 1 when something was deleted. */
export const DELETE_SCRIPT = script(`
local deleted = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return deleted
`);

/**
 * KEYS: scope index. ARGV: the cursor key prefix of the scope (a syncKey is appended to it).
 * Returns a flat array of HGETALL replies in syncKey order (lexicographic, score 0), read as one
 * consistent snapshot.
 */
export const LIST_SCRIPT = script(`
local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for _, syncKey in ipairs(keys) do
  local fields = redis.call('HGETALL', ARGV[1] .. syncKey)
  if #fields > 0 then out[#out + 1] = fields end
end
return out
`);

/** EVALSHA, falling back to EVAL once when the server has not seen the script (restart, flush). */
export async function runScript(
  redis: Redis,
  lua: LuaScript,
  keys: string[],
  args: Array<string | number>,
): Promise<unknown> {
  try {
    return await redis.evalsha(lua.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return await redis.eval(lua.source, keys.length, ...keys, ...args);
    }
    throw error;
  }
}
