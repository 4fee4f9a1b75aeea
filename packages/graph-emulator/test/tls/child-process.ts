// Runs a TypeScript file of this package in a child Node process (through tsx) with a chosen
// environment, the way a caller's own test process would start: NODE_EXTRA_CA_CERTS is read by
// Node at start only, so trusting the emulator's CA needs a process of its own.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without anything that would make TLS trust differ from a fresh shell. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const {
    NODE_EXTRA_CA_CERTS: _ca,
    NODE_TLS_REJECT_UNAUTHORIZED: _reject,
    NODE_OPTIONS: _options,
    ...rest
  } = process.env;
  return { ...rest, ...extra };
}

export function startTs(relativePath: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', relativePath, ...args], {
    cwd: PACKAGE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runTs(
  relativePath: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ChildResult> {
  const child = startTs(relativePath, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${relativePath} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
