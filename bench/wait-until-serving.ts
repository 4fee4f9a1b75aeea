/**
 * Polls a service started as a child process until `url` answers 200 (every 100 ms, for at most
 * 60 s), and fails at once if the process exits first: the scripts that start the service in its
 * own process (soaks, replicas) wait on this before sending load.
 */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, request } from 'undici';

export async function waitUntilServing(
  url: string,
  child: ChildProcess,
  dispatcher: Dispatcher,
  what = 'the service',
): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) during start`);
    const up = await request(url, { dispatcher })
      .then(async (response) => {
        await response.body.dump();
        return response.statusCode === 200;
      })
      .catch(() => false);
    if (up) return;
    await delay(100);
  }
  throw new Error(`${what} did not start within 60 s`);
}
