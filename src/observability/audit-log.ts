import { createHash } from 'node:crypto';
import type { LogSink } from './log-sink.js';

/**
 * One structured log line per change the service makes on a caller's behalf: a mutating capability
 * call, or a workflow step. Field names only, never values, so no password or secret can appear.
 */
export interface AuditEntry {
  /** The capability, e.g. `update-user`, or `workflow:<name>` for a workflow's own record. */
  action: string;
  tenantId: string;
  /** The user or group changed (as the caller named it), when the input names one. */
  objectId?: string;
  /** Names of the input fields sent (credentials excluded). */
  fields: string[];
  outcome: 'success' | 'failure' | 'skipped';
  /** The problem code of a failure. */
  code?: string;
  graphRequestIds?: string[];
  runId?: string;
  stepId?: string;
}

const CREDENTIALS = new Set(['clientId', 'clientSecret', 'tenantId', 'connection']);

/** Who called: an id derived from the API key (a digest prefix, never the key), or `anonymous`. */
export function callerId(authorization: string | undefined): string {
  const key = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  return key ? `key-${createHash('sha256').update(key).digest('hex').slice(0, 12)}` : 'anonymous';
}

export function auditFields(input: Record<string, unknown>): string[] {
  return Object.keys(input).filter((name) => !CREDENTIALS.has(name));
}

export function auditObjectId(input: Record<string, unknown>): string | undefined {
  for (const name of ['userId', 'groupId', 'createUserPrincipalName']) {
    if (typeof input[name] === 'string') return input[name] as string;
  }
  return undefined;
}

export function writeAudit(log: LogSink, who: string, entry: AuditEntry): void {
  log.info({ audit: { who, ...entry } }, 'audit');
}
