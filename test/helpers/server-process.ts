import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER_ENTRY = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** stdout alone: its lines whole, never interleaved with stderr's. */
  stdout: () => string;
  /** Resolves with the listening address once the server logs it. */
  address: Promise<string>;
  exit: Promise<number | null>;
  /**
   * Resolves once the child's stdout and stderr have closed: everything it wrote has been read
   * (`exit` can come first, with the last lines still in the pipe).
   */
  closed: Promise<void>;
}

/**
 * Starts `src/server.ts` as its own process (through tsx), as `npm start` would, with only `env` set.
 * Like the rest of the suite it resolves the emulator package to its sources (the `source` export
 * condition), so sandbox mode needs no `npm run build` first and never runs a stale build.
 */
export function spawnServer(env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', SERVER_ENTRY], {
    env: { PATH: process.env.PATH, ...env },
    stdio: 'pipe',
  });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const address = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"address":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  address.catch(() => {}); // a test that expects an early exit need not await it
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => output, stdout: () => stdout, address, exit, closed };
}
