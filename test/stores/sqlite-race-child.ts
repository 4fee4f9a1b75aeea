/**
 * Child process for the two-process compare-and-set race in sqlite-race.test.ts (run as
 * `node --import tsx sqlite-race-child.ts <db path> <rounds>`): says `ready`, waits for a line on
 * stdin so both racers start together, then `rounds` times reads the cursor and commits the next
 * version with compare-and-set. Prints one JSON line: how many commits won, how many lost with a
 * CursorConflictError, and the messages of any other failure.
 */
import { createInterface } from 'node:readline';
import { SqliteCursorStore } from '../../src/stores/sqlite-store.js';
import { CursorConflictError } from '../../src/stores/store-errors.js';
import { CRASH_KEY, crashWrite } from './sqlite-crash-fixture.js';

const [path, roundsText] = process.argv.slice(2);
if (!path || !roundsText) throw new Error('usage: sqlite-race-child.ts <db path> <rounds>');
// NORMAL: no fsync per commit, so the two processes' transactions interleave as tightly as possible.
const store = new SqliteCursorStore({ path, synchronous: 'NORMAL' });
process.stdout.write('ready\n');
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));

const result = { won: 0, conflicts: 0, failures: [] as string[] };
for (let round = 0; round < Number(roundsText); round += 1) {
  const version = (await store.get(CRASH_KEY))?.version ?? 0;
  try {
    await store.put(CRASH_KEY, crashWrite(version + 1), version);
    result.won += 1;
  } catch (error) {
    if (error instanceof CursorConflictError) result.conflicts += 1;
    else result.failures.push(error instanceof Error ? error.message : String(error));
  }
}
await store.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
