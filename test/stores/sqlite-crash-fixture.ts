/** The cursor the kill -9 test commits, shared by the test and its child process. */
import type { CursorKey, CursorWrite } from '../../src/stores/cursor-store.js';

export const CRASH_KEY: CursorKey = {
  tenantId: 'crash-tenant',
  clientId: 'crash-client',
  syncKey: 'crash-loop',
};

/** Link, kind and query are functions of the version, so the test can tell a row is whole. */
export function crashWrite(version: number): CursorWrite {
  return {
    // Varying length makes rows move within and between pages, so a torn write would show.
    link: `https://graph.microsoft.com/v1.0/users/delta?$deltatoken=v${version}-${'x'.repeat((version * 37) % 3000)}`,
    linkKind: version % 2 === 0 ? 'delta' : 'next',
    userQuery: `$select=id,displayName&round=${version}`,
  };
}
