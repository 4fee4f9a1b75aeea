import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCursorStore } from '../../src/stores/sqlite-store.js';
import { StoreUnavailableError } from '../../src/stores/store-errors.js';
import { cursorStoreContract } from './cursor-store-contract.js';
import { CRASH_KEY, crashWrite } from './sqlite-crash-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'eum-sqlite-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dbCounter = 0;

cursorStoreContract('SqliteCursorStore (file)', async ({ now }) => {
  const path = join(root, `contract-${++dbCounter}`, 'state.db');
  return {
    store: new SqliteCursorStore({ path, now }),
    openAnother: async () => new SqliteCursorStore({ path, now }),
  };
});

cursorStoreContract('SqliteCursorStore (:memory:)', async ({ now }) => ({
  store: new SqliteCursorStore({ path: ':memory:', now }),
}));

describe('SqliteCursorStore', () => {
  it('creates the directory of the file and uses WAL', async () => {
    const path = join(root, 'nested', 'deeper', 'state.db');
    const store = new SqliteCursorStore({ path });
    await store.put(CRASH_KEY, crashWrite(1));
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT count(*) AS n FROM cursors').get()).toEqual({ n: 1 });
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('fails at construction with an error naming an unwritable path', () => {
    const blocker = join(root, 'not-a-directory');
    writeFileSync(blocker, 'plain file');
    const path = join(blocker, 'sub', 'state.db');
    let error: unknown;
    try {
      new SqliteCursorStore({ path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(path);
  });

  it('rejects bad options with TypeErrors', () => {
    expect(() => new SqliteCursorStore({ path: '' })).toThrow(TypeError);
    expect(() => new SqliteCursorStore({ path: ':memory:', synchronous: 'OFF' as 'FULL' })).toThrow(
      TypeError,
    );
    expect(() => new SqliteCursorStore({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(TypeError);
  });

  // Own timeout: three child processes, each with tsx start-up and an fsync per commit, are slow
  // on a busy 2-core box; nothing here asserts on time.
  it('leaves the old or the new cursor, never a broken one, when killed (SIGKILL) mid-commit', async () => {
    const path = join(root, 'crash', 'state.db');
    let lastReported = 0;
    for (let round = 0; round < 3; round++) {
      lastReported = await runAndKill(path, lastReported + 100);
      const raw = new Database(path);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
      const store = new SqliteCursorStore({ path });
      const cursor = await store.get(CRASH_KEY);
      await store.close();
      expect(cursor).not.toBeNull();
      // At least what the child reported as committed, and every field from that same version.
      expect(cursor!.version).toBeGreaterThanOrEqual(lastReported);
      expect(cursor).toMatchObject({ ...CRASH_KEY, ...crashWrite(cursor!.version) });
      expect(Date.parse(cursor!.updatedAt)).not.toBeNaN();
      lastReported = cursor!.version;
    }
  }, 60_000);
});

/** Runs the commit loop until it reports `target` commits, kills it with SIGKILL; returns the last report. */
async function runAndKill(path: string, target: number): Promise<number> {
  const childFile = fileURLToPath(new URL('./sqlite-crash-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', childFile, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  let reported = 0;
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const match of buffered.matchAll(/committed (\d+)\n/g)) reported = Number(match[1]);
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      if (reported >= target) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`crash child exited before being killed: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  return reported;
}
