/** The SQLite table behind SqliteCursorStore and the mapping from its rows. */
import type { SyncCursor } from './cursor-store.js';

/**
 * WITHOUT ROWID: the composite key is the only way rows are reached, so the table is the index.
 * The CHECKs make a hand-edited or half-migrated row fail loudly instead of resuming a sync
 * from garbage.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS cursors (
  tenant_id  TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  sync_key   TEXT NOT NULL,
  link       TEXT NOT NULL CHECK (length(link) > 0),
  link_kind  TEXT NOT NULL CHECK (link_kind IN ('delta', 'next')),
  user_query TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, client_id, sync_key)
) WITHOUT ROWID;

-- One row, rewritten by every readiness probe: a write that fails here fails for cursors too.
CREATE TABLE IF NOT EXISTS health (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at TEXT NOT NULL
);
`;

export interface CursorRow {
  tenant_id: string;
  client_id: string;
  sync_key: string;
  link: string;
  link_kind: 'delta' | 'next';
  user_query: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export function rowToCursor(row: CursorRow): SyncCursor {
  return {
    tenantId: row.tenant_id,
    clientId: row.client_id,
    syncKey: row.sync_key,
    link: row.link,
    linkKind: row.link_kind,
    userQuery: row.user_query,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
