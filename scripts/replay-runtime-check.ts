/**
 * The `docker run` half of the image replay: starts a stage's CMD from its folder alone, with the
 * image's ENV (VOLUME paths mapped into that folder, HOST on loopback, a free PORT) plus a scenario's
 * variables, waits until the image's own HEALTHCHECK command passes, then checks /readyz, one
 * capability call, the state file on the volume, and a clean exit on the STOPSIGNAL; or, for a
 * scenario the image must refuse, that it exits with one line saying why.
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

/** How one `docker run` of a stage is started: variables added to the image's ENV, and the API key. */
export interface RunScenario {
  label: string;
  env?: Record<string, string>;
  apiKey?: string;
}

interface StartedCommand {
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
  workdir: string;
  port: number;
  volumes: string[];
  exited: Promise<number | null>;
  output: () => string;
}

/** `docker run` of a stage: its CMD from its folder alone, the image's ENV plus the scenario's. */
async function startCommand(
  stage: Stage,
  root: string,
  scenario: RunScenario,
  log: (message: string) => void,
): Promise<StartedCommand> {
  const workdir = posix.resolve('/', lastInstruction(stage, 'WORKDIR')?.args ?? '/');
  const command = execForm(required(stage, 'CMD').args);
  if (!command)
    throw new Error('CMD must use the exec (JSON) form so the process gets the STOPSIGNAL itself');
  const volumes = execForm(required(stage, 'VOLUME').args) ?? required(stage, 'VOLUME').args.split(/\s+/);
  for (const volume of volumes) await mkdir(join(root, volume), { recursive: true });

  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] };
  for (const [name, value] of Object.entries(stageEnv(stage))) env[name] = intoRoot(value, volumes, root);
  Object.assign(env, scenario.env, { HOST: '127.0.0.1', PORT: String(port) });
  log(`[${stage.name}] ${scenario.label}: CMD ${command.join(' ')} (HOST=127.0.0.1 PORT=${port})`);
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd: join(root, workdir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, env, workdir, port, volumes, exited, output: () => output };
}

/**
 * A stage that serves: the HEALTHCHECK passes, /readyz is 200, read-user answers, the state file is
 * on the VOLUME, and the STOPSIGNAL ends the process with exit 0.
 */
export async function checkRuntime(
  stage: Stage,
  root: string,
  log: (message: string) => void,
  scenario: RunScenario,
): Promise<void> {
  const tag = `[${stage.name}]`;
  const started = await startCommand(stage, root, scenario, log);
  const { child, env, exited, output } = started;
  try {
    await waitForHealthcheck(stage, root, started.workdir, env, child, output);
    const origin = `http://127.0.0.1:${started.port}`;
    const ready = await fetch(`${origin}/readyz`);
    if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
    log(`${tag} /readyz 200 ${await ready.text()}`);
    await checkCapability(origin, scenario.apiKey, (message) => log(`${tag} ${message}`));
    const stateFile = env['STATE_STORE_URL']?.replace(/^sqlite:/, '') ?? '';
    if (!existsSync(stateFile)) throw new Error(`no state file at ${stateFile} (the VOLUME)`);
    log(`${tag} state store file on the volume: ${stateFile}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${tag} ${(error as Error).message}\n--- service output ---\n${output()}`);
  }
  const signal = required(stage, 'STOPSIGNAL').args as NodeJS.Signals;
  child.kill(signal);
  const code = await Promise.race([exited, delay(STOP_WITHIN_MS).then(() => 'timeout' as const)]);
  if (code !== 0) {
    child.kill('SIGKILL');
    throw new Error(`${tag} on ${signal} the service ended with ${code} (expected exit 0)\n${output()}`);
  }
  log(`${tag} ${signal}: exited 0`);
}

/** A stage that must not serve in this scenario: it exits with `code` and says why in one line. */
export async function checkRefusesToStart(
  stage: Stage,
  root: string,
  log: (message: string) => void,
  scenario: RunScenario & { code: number; saying: RegExp },
): Promise<void> {
  const tag = `[${stage.name}]`;
  const { child, exited, output } = await startCommand(stage, root, scenario, log);
  const code = await Promise.race([exited, delay(READY_WITHIN_MS).then(() => 'timeout' as const)]);
  if (code === 'timeout') child.kill('SIGKILL');
  const lines = output().trim().split('\n');
  if (code !== scenario.code || lines.length !== 1 || !scenario.saying.test(lines[0]!)) {
    throw new Error(
      `${tag} ${scenario.label}: expected exit ${scenario.code} with one line matching ${scenario.saying}, ` +
        `got ${code}:\n${output()}`,
    );
  }
  log(`${tag} ${scenario.label}: exited ${code}: ${lines[0]}`);
}

function required(stage: Stage, keyword: string) {
  const found = lastInstruction(stage, keyword);
  if (!found) throw new Error(`the ${stage.name} stage has no ${keyword}`);
  return found;
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

async function checkCapability(
  origin: string,
  apiKey: string | undefined,
  log: (message: string) => void,
): Promise<void> {
  const response = await fetch(`${origin}/capabilities/read-user`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
    },
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
