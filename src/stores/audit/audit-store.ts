import type { AuditRecord } from '../../observability/audit-log.js';

export type { AuditRecord };

/**
 * Where the audit trail is kept: memory, SQLite (the cursors' file) or Redis, chosen by
 * STATE_STORE_URL like the run and idempotency stores. All three pass
 * test/stores/audit/audit-store-contract.ts. Records older than the retention (AUDIT_RETENTION_MS)
 * are not returned and are deleted as new ones arrive.
 */
export interface AuditStore {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  append(record: AuditRecord): Promise<void>;
  /** The scope's records at or after `since` (about `objectId` when given), newest first. */
  query(scope: AuditScope, filter: AuditFilter): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

export interface AuditScope {
  /** Lower-cased, as provenScope gives it. */
  tenantId: string;
  clientId: string;
}

export interface AuditFilter {
  objectId?: string;
  /** Epoch milliseconds; records at or after it. */
  since?: number;
  limit: number;
}

export function parseAuditRecord(text: string): AuditRecord {
  const record = JSON.parse(text) as AuditRecord;
  if (typeof record?.id !== 'string' || typeof record.at !== 'string' || !Array.isArray(record.fields)) {
    throw new Error('malformed audit record in the state store');
  }
  return record;
}

/** The key an object is found by: ids and UPNs compare without case in Entra ID. */
export function objectKey(objectId: string): string {
  return objectId.toLowerCase();
}

export function newestFirst(a: AuditRecord, b: AuditRecord): number {
  return b.at.localeCompare(a.at) || b.id.localeCompare(a.id);
}
