import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

/**
 * Readiness means the store takes writes, not that it answers a read: with another process
 * holding SQLite's write lock (as a stuck writer or a full disk would leave it), every cursor
 * save fails while SELECT 1 still works.
 */
describe('/readyz and a store that cannot write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-'));
  const path = join(dir, 'cursors.db');
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ env: { STATE_STORE_URL: `sqlite:${path}` } });
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with a problem naming the store while writes fail, and 200 once they work', async () => {
    expect((await service.http('GET', '/readyz')).status).toBe(200);

    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    try {
      // Reads still work: a read-only check would call this ready.
      expect(writer.prepare('SELECT count(*) AS n FROM cursors').get()).toEqual({ n: 0 });
      const blocked = await service.http('GET', '/readyz');
      expect(blocked.status).toBe(503);
      expect(blocked.headers['content-type']).toContain('application/problem+json');
      expect(blocked.body).toMatchObject({
        status: 503,
        code: 'SERVICE_NOT_READY',
        checks: { store: false },
      });
      expect(blocked.body.detail).toMatch(/store/);
      expect(blocked.body.detail).toMatch(/sqlite/i);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect((await service.http('GET', '/readyz')).status).toBe(200);
  });
});
