/**
 * The `docker run` half of the image replay: starts the last stage's CMD from its folder alone,
 * with the image's ENV (VOLUME paths mapped into that folder, HOST on loopback, a free PORT), waits
 * until the image's own HEALTHCHECK command passes, then checks /readyz, one capability call
 * against the sandbox, the state file on the volume, and a clean exit on the STOPSIGNAL.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, posix } from 'node:path';
import { execForm, healthcheckCommand, lastInstruction, type Stage, stageEnv } from './dockerfile-plan.js';

/** A fixture user of the sandbox's demo tenant (the emulator package's demo tenant). */
const SEEDED_UPN = "o'brien@contoso.onmicrosoft.com";
const READY_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 20_000;

export async function checkRuntime(
  stage: Stage,
  root: string,
  log: (message: string) => void,
): Promise<void> {
  const instruction = (keyword: string) => {
    const found = lastInstruction(stage, keyword);
    if (!found) throw new Error(`the runtime stage has no ${keyword}`);
    return found;
  };
  const workdir = posix.resolve('/', lastInstruction(stage, 'WORKDIR')?.args ?? '/');
  const command = execForm(instruction('CMD').args);
  if (!command)
    throw new Error('CMD must use the exec (JSON) form so the process gets the STOPSIGNAL itself');
  const volumes = execForm(instruction('VOLUME').args) ?? instruction('VOLUME').args.split(/\s+/);
  for (const volume of volumes) await mkdir(join(root, volume), { recursive: true });

  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] };
  for (const [name, value] of Object.entries(stageEnv(stage))) env[name] = intoRoot(value, volumes, root);
  Object.assign(env, { HOST: '127.0.0.1', PORT: String(port) });
  log(
    `CMD ${command.join(' ')} in ${join(root, workdir)} (HOST=127.0.0.1 PORT=${port}, image ENV otherwise)`,
  );
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd: join(root, workdir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForHealthcheck(stage, root, workdir, env, child, () => output);
    const origin = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${origin}/readyz`);
    if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
    log(`/readyz 200 ${await ready.text()}`);
    await checkCapability(origin, log);
    const stateFile = env['STATE_STORE_URL']?.replace(/^sqlite:/, '') ?? '';
    if (!existsSync(stateFile)) throw new Error(`no state file at ${stateFile} (the VOLUME)`);
    log(`state store file on the volume: ${stateFile}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- service output ---\n${output}`);
  }
  const signal = instruction('STOPSIGNAL').args as NodeJS.Signals;
  child.kill(signal);
  const code = await Promise.race([exited, delay(STOP_WITHIN_MS).then(() => 'timeout' as const)]);
  if (code !== 0) {
    child.kill('SIGKILL');
    throw new Error(`on ${signal} the service ended with ${code} (expected exit 0)\n${output}`);
  }
  log(`${signal}: exited 0`);
}

async function waitForHealthcheck(
  stage: Stage,
  root: string,
  workdir: string,
  env: NodeJS.ProcessEnv,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const [file, ...args] = healthcheckCommand(lastInstruction(stage, 'HEALTHCHECK')!);
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the service exited (${child.exitCode}) before it was healthy`);
    const probe = spawnSync(file!, args, { cwd: join(root, workdir), env, timeout: 10_000 });
    if (probe.status === 0) return;
    await delay(250);
  }
  throw new Error(`HEALTHCHECK did not pass within ${READY_WITHIN_MS / 1000} s\n${output()}`);
}

async function checkCapability(origin: string, log: (message: string) => void): Promise<void> {
  const response = await fetch(`${origin}/capabilities/read-user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: SEEDED_UPN }),
  });
  const body = (await response.json()) as { output?: { rawResponse?: { userPrincipalName?: string } } };
  if (response.status !== 200 || body.output?.rawResponse?.userPrincipalName !== SEEDED_UPN) {
    throw new Error(`read-user answered ${response.status}: ${JSON.stringify(body)}`);
  }
  log(`read-user 200: ${SEEDED_UPN}`);
}

/** An ENV value naming a path on a VOLUME points into the stage folder instead. */
function intoRoot(value: string, volumes: string[], root: string): string {
  let mapped = value;
  for (const volume of volumes)
    mapped = mapped.replace(new RegExp(`(^|:)${escapeRegExp(volume)}(?=/|$)`), `$1${join(root, volume)}`);
  return mapped;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
