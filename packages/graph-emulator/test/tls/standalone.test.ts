// `npm run emulator` (src/standalone.ts) as a caller runs it: plain HTTP by default, and with
// EMULATOR_TLS=true the two lines a Node client needs.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnvironment, startTs } from './child-process.js';

let running: ChildProcess | undefined;
afterEach(async () => {
  if (running && running.exitCode === null) {
    running.kill('SIGTERM');
    await once(running, 'exit');
  }
  running = undefined;
});

/** Starts the standalone emulator and resolves with what it printed once it printed `until`. */
function startStandalone(env: Record<string, string>, until: RegExp, args: string[] = []): Promise<string> {
  running = startTs('src/standalone.ts', cleanEnvironment({ EMULATOR_PORT: '0', ...env }), args);
  const child = running;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${until}' in time:\n${out}`)), 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

describe('the standalone emulator', () => {
  it('serves plain HTTP by default and prints its origin and the demo credentials', async () => {
    const out = await startStandalone({}, /AZURE_CLIENT_SECRET=/);
    const origin = /listening on (\S+)/.exec(out)?.[1];
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).not.toContain('NODE_EXTRA_CA_CERTS');
    const stats = await fetch(`${origin}/_emulator/stats`);
    expect(stats.status).toBe(200);
  }, 60_000);

  it('with EMULATOR_TLS=true prints the CA path and the https origin a client needs', async () => {
    const out = await startStandalone({ EMULATOR_TLS: 'true' }, /AZURE_CLIENT_SECRET=/);
    const caPath = /^ {2}NODE_EXTRA_CA_CERTS=(\S+)$/m.exec(out)?.[1];
    const origin = /^ {2}GRAPH_EMULATOR_ORIGIN=(\S+)$/m.exec(out)?.[1];
    expect(caPath).toMatch(/ca\.pem$/);
    expect(origin).toMatch(/^https:\/\/localhost:\d+$/);
    expect(out).toContain(`listening on ${origin}`);
  }, 60_000);

  it('takes --tls as well', async () => {
    const out = await startStandalone({}, /AZURE_CLIENT_SECRET=/, ['--tls']);
    expect(out).toMatch(/listening on https:\/\/localhost:\d+/);
  }, 60_000);

  it('refuses an EMULATOR_TLS it does not understand', async () => {
    await expect(startStandalone({ EMULATOR_TLS: 'yes' }, /never/)).rejects.toThrow(
      /EMULATOR_TLS must be true or false/,
    );
  }, 60_000);
});
