/**
 * Redis key layout and hash decoding for RedisCursorStore.
 *
 *   <prefix>{<tenant>:<client>}:c:<syncKey>   hash: one cursor
 *   <prefix>{<tenant>:<client>}:index         sorted set (all scores 0): the scope's syncKeys
 *
 * tenantId and clientId are percent-encoded, so a `:` or `{` inside them can neither make two
 * scopes collide nor break the `{...}` hash tag that keeps a scope's keys in one cluster slot.
 * syncKey needs no encoding: its character set (cursor-validation.ts) has no braces.
 */
import type { CursorKey, CursorScope, SyncCursor } from './cursor-store.js';

function scopeTag(prefix: string, scope: CursorScope): string {
  return `${prefix}{${encodeURIComponent(scope.tenantId)}:${encodeURIComponent(scope.clientId)}}`;
}

export function scopeCursorPrefix(prefix: string, scope: CursorScope): string {
  return `${scopeTag(prefix, scope)}:c:`;
}

export function cursorRedisKey(prefix: string, key: CursorKey): string {
  return scopeCursorPrefix(prefix, key) + key.syncKey;
}

export function indexRedisKey(prefix: string, scope: CursorScope): string {
  return `${scopeTag(prefix, scope)}:index`;
}

/** A hash that is not a whole cursor is reported, never resumed from. */
export function cursorFromHash(hash: Record<string, string>): SyncCursor {
  const version = Number(hash['version']);
  const { tenantId, clientId, syncKey, link, linkKind, userQuery, createdAt, updatedAt } = hash;
  if (
    tenantId === undefined ||
    clientId === undefined ||
    syncKey === undefined ||
    !link ||
    (linkKind !== 'delta' && linkKind !== 'next') ||
    userQuery === undefined ||
    !Number.isSafeInteger(version) ||
    version < 1 ||
    !createdAt ||
    !updatedAt
  ) {
    throw new Error(`malformed sync cursor in Redis (syncKey "${syncKey ?? '?'}")`);
  }
  return { tenantId, clientId, syncKey, link, linkKind, userQuery, version, createdAt, updatedAt };
}
