import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCursorStore } from '../../src/stores/sqlite-store.js';
import { CRASH_KEY, crashWrite } from './sqlite-crash-fixture.js';

interface RaceResult {
  won: number;
  conflicts: number;
  failures: string[];
}

const CHILD = fileURLToPath(new URL('./sqlite-race-child.ts', import.meta.url));
const ROUNDS = 400;

/** Starts a racer and resolves once it is ready; `result` resolves with its summary. */
async function startRacer(path: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(ROUNDS)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`racer exited (${code}) before it was ready: ${stderr}`)));
  });
  const result = new Promise<RaceResult>((resolve, reject) =>
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`racer exited (${code}): ${stderr}`));
      else resolve(JSON.parse(line) as RaceResult);
    }),
  );
  await ready;
  return { go: () => child.stdin.end('go\n'), result };
}

describe('SqliteCursorStore: compare-and-set across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lets exactly one of two processes win each version, and fails the other with a conflict only', async () => {
    const path = join(dir, 'race.db');
    const setup = new SqliteCursorStore({ path });
    await setup.put(CRASH_KEY, crashWrite(1));
    await setup.close();

    const racers = await Promise.all([startRacer(path), startRacer(path)]);
    for (const racer of racers) racer.go();
    const results = await Promise.all(racers.map((racer) => racer.result));

    // Without a write lock taken before the read, a racer that read a version the other then
    // replaced fails with SQLITE_BUSY (503 STORE_UNAVAILABLE) instead of a conflict, or both win.
    expect(results.flatMap((result) => result.failures)).toEqual([]);
    const reader = new SqliteCursorStore({ path });
    const final = await reader.get(CRASH_KEY);
    await reader.close();
    const won = results.reduce((total, result) => total + result.won, 0);
    expect(final?.version).toBe(1 + won);
    expect(final).toMatchObject(crashWrite(final!.version));
    // They did race: some reads were overtaken by the other process's commit.
    expect(results.reduce((total, result) => total + result.conflicts, 0)).toBeGreaterThan(0);
  }, 60_000);
});
