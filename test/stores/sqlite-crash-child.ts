/**
 * Child process for the kill -9 test in sqlite-store.test.ts (run as
 * `node --import tsx sqlite-crash-child.ts <db path>`): commits one cursor in a tight loop with
 * compare-and-set and increasing versions, reporting progress on stdout until it is killed.
 */
import { SqliteCursorStore } from '../../src/stores/sqlite-store.js';
import { CRASH_KEY, crashWrite } from './sqlite-crash-fixture.js';

const path = process.argv[2];
if (!path) throw new Error('usage: sqlite-crash-child.ts <db path>');
const store = new SqliteCursorStore({ path });
let version = (await store.get(CRASH_KEY))?.version ?? 0;
for (;;) {
  const cursor = await store.put(CRASH_KEY, crashWrite(version + 1), version);
  version = cursor.version;
  // Pipes are synchronous on Linux, so a reported version was committed before it was printed.
  if (version % 25 === 0) process.stdout.write(`committed ${version}\n`);
}
