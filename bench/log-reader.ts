/**
 * What a container runtime does with a service's stdout: another process reads the pipe as fast as
 * it drains, so the service pays for its log lines (formatting, the write into the pipe) but never
 * for a file system, and its writes never hit /dev/null, where they would cost nothing. The reader
 * counts what it read, so the report can show the service really logged at its default level; it
 * prints the counts as one JSON line when the service's end of the pipe closes.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type Spawned, spawnNode } from './child-processes.js';

export interface LogCounts {
  lines: number;
  bytes: number;
}

export interface LogReader {
  /** The pipe's write end, to hand to the service as its stdout. */
  input: Writable;
  /** Called once the service has been spawned with `input`: the harness lets go of the pipe. */
  release(): void;
  /** Resolves when the service has exited and the reader has read all it wrote. */
  counts(): Promise<LogCounts>;
}

// Inline rather than a file to compile: a dozen lines of plain JavaScript.
const READER_SOURCE = `
let lines = 0, bytes = 0;
process.stdin.on('data', (chunk) => {
  bytes += chunk.length;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
});
process.stdin.on('end', () => process.stdout.write(JSON.stringify({ lines, bytes }) + '\\n'));
`;

export function startLogReader(cwd: string): LogReader {
  const reader: Spawned = spawnNode(['-e', READER_SOURCE], {}, cwd, { stdin: 'pipe' });
  const input = reader.child.stdin;
  if (!input) throw new Error('the log reader has no stdin');
  let printed = '';
  reader.child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  // 'close', not 'exit': the reader's own stdout is then read to its end.
  const closed = once(reader.child, 'close');
  return {
    input,
    release: () => input.destroy(),
    counts: async () => {
      await closed;
      return JSON.parse(printed) as LogCounts;
    },
  };
}
