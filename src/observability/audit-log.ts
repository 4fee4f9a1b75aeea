import { createHash, randomUUID } from 'node:crypto';
import type { LogSink } from './log-sink.js';

/**
 * One record per change the service makes on a caller's behalf: a mutating capability call, or a
 * workflow step. Field names only, never values, so no password or secret can appear.
 */
export interface AuditEntry {
  /** The capability, e.g. `update-user`, or `workflow:<name>` for a workflow's own record. */
  action: string;
  tenantId: string;
  /** The app (client id) that made the change: with the tenant, whose trail it is. */
  clientId: string;
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

/** One change as the trail keeps it: the entry, who, when, and an id. */
export interface AuditRecord extends AuditEntry {
  /** Unique; orders records written in the same millisecond. */
  id: string;
  /** ISO 8601 time the outcome was known. */
  at: string;
  /** The caller: an id derived from the API key (never the key), or `anonymous`. */
  who: string;
}

/** Where records are kept (the stores' AuditStore; structural, as this layer imports no store). */
export interface AuditSink {
  append(record: AuditRecord): Promise<void>;
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

/** Where an audit record goes besides the store. */
export interface AuditLogs {
  /**
   * Writes the `audit` line. Its fields are field names, ids, codes and the caller's digest, never
   * values, so this may be a logger without the redaction pass (withoutRedaction): on a change
   * that pass cost more than writing the line (docs/decisions.md, 19).
   */
  line: LogSink;
  /** Reports a store that failed; the error may carry anything, so this one redacts. */
  log: LogSink;
  /** The request the change came with, on the line as `reqId` like every other line of it. */
  requestId?: string;
}

/**
 * The one place an audit record is written: as a structured log line and into the audit store
 * (GET /audit). A store that fails is logged and does not fail the call: the change in Graph has
 * happened, and answering an error would make the caller repeat it.
 */
export async function recordAudit(
  logs: AuditLogs,
  store: AuditSink,
  who: string,
  entry: AuditEntry,
): Promise<void> {
  const record = auditRecord(who, entry);
  logs.line.info(
    logs.requestId === undefined ? { audit: record } : { reqId: logs.requestId, audit: record },
    'audit',
  );
  try {
    await store.append(record);
  } catch (error) {
    logs.log.warn({ err: error, auditId: record.id }, 'audit record not stored');
  }
}

/**
 * The entry stamped with an id, the time and who. Fields are set one by one in a fixed order,
 * optional ones only when present (the same object shape for V8, and no `undefined` in the JSON);
 * `id` first: Redis orders records of the same millisecond by their JSON text.
 */
function auditRecord(who: string, entry: AuditEntry): AuditRecord {
  const record = {
    id: randomUUID(),
    at: new Date().toISOString(),
    who,
    action: entry.action,
    tenantId: entry.tenantId.toLowerCase(),
    clientId: entry.clientId,
  } as AuditRecord;
  if (entry.objectId !== undefined) record.objectId = entry.objectId;
  record.fields = entry.fields;
  record.outcome = entry.outcome;
  if (entry.code !== undefined) record.code = entry.code;
  if (entry.graphRequestIds !== undefined) record.graphRequestIds = entry.graphRequestIds;
  if (entry.runId !== undefined) record.runId = entry.runId;
  if (entry.stepId !== undefined) record.stepId = entry.stepId;
  return record;
}
