/**
 * Input checks shared by every store, so all three reject the same things with the same
 * TypeErrors before touching storage.
 */
import type { CursorKey, CursorScope, CursorWrite } from './cursor-store.js';

/**
 * syncKey travels in a URL path (`/sync-cursors/{syncKey}`) and in Redis key names, so it is
 * limited to URL-unreserved characters plus `:` and `@`. It must start with a letter, digit or
 * `_` so that `.` and `..` (which URL normalisation eats) can never be keys.
 */
export const SYNC_KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._~:@-]{0,199}$/;

const MAX_ID_LENGTH = 256;
/** Generous: deltaLinks with long $filter/$select are a few KB at most. */
const MAX_LINK_LENGTH = 65_536;
const MAX_QUERY_LENGTH = 65_536;

function checkId(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  if (value.length > MAX_ID_LENGTH) {
    throw new TypeError(`${name} must be at most ${MAX_ID_LENGTH} characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new TypeError(`${name} must not contain control characters`);
  }
}

export function validateScope(scope: CursorScope): void {
  if (scope === null || typeof scope !== 'object') throw new TypeError('scope must be an object');
  checkId('tenantId', scope.tenantId);
  checkId('clientId', scope.clientId);
}

export function validateKey(key: CursorKey): void {
  if (key === null || typeof key !== 'object') throw new TypeError('cursor key must be an object');
  validateScope(key);
  if (typeof key.syncKey !== 'string' || !SYNC_KEY_PATTERN.test(key.syncKey)) {
    throw new TypeError(
      'syncKey must be 1 to 200 characters of A-Z a-z 0-9 . _ ~ : @ -, starting with a letter, digit or _',
    );
  }
}

export function validateWrite(write: CursorWrite): void {
  if (write === null || typeof write !== 'object') throw new TypeError('cursor write must be an object');
  if (typeof write.link !== 'string' || write.link.length === 0 || write.link.length > MAX_LINK_LENGTH) {
    throw new TypeError(`link must be a non-empty string of at most ${MAX_LINK_LENGTH} characters`);
  }
  if (write.linkKind !== 'delta' && write.linkKind !== 'next') {
    throw new TypeError(`linkKind must be 'delta' or 'next'`);
  }
  // An empty userQuery is legitimate: it means "all users, default properties".
  if (typeof write.userQuery !== 'string' || write.userQuery.length > MAX_QUERY_LENGTH) {
    throw new TypeError(`userQuery must be a string of at most ${MAX_QUERY_LENGTH} characters`);
  }
}

export function validateExpectedVersion(expectedVersion: number | undefined): void {
  if (expectedVersion === undefined) return;
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new TypeError('expectedVersion must be a non-negative integer (0 = the cursor must not exist)');
  }
}

/** Everything put() checks, in one call. */
export function validatePut(key: CursorKey, write: CursorWrite, expectedVersion: number | undefined): void {
  validateKey(key);
  validateWrite(write);
  validateExpectedVersion(expectedVersion);
}
