/**
 * `npm run replay:image`: does what `docker build` + `docker run` do with our Dockerfile, on a machine
 * with no Docker engine. Each stage gets a clean folder standing in for its root filesystem; COPY
 * lines copy from the build context (honouring .dockerignore) or from an earlier stage's folder, RUN
 * lines run in the stage's WORKDIR (apt-get and other OS set-up excepted); a stage built FROM an
 * earlier one starts from a copy of its folder. Then both images are started from their folders
 * alone and probed (replay-runtime-check.ts): the `sandbox` target with no configuration; the
 * default target (the last stage, without the emulator) in live mode against an emulator this
 * script runs beside it, and with no configuration, where it must refuse to start with one line.
 * So a runtime import of a devDependency or of the emulator, a file the build forgets to copy, or a
 * broken HEALTHCHECK fails here.
 * Options: --keep (leave the temporary folder for inspection); --build-native (compile native modules
 * from source instead of taking the checkout's as prebuilt binaries, see native-prebuilds.ts).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@entra-user-management/graph-emulator';
import { liveModeEnv } from '../bench/live-mode-env.js';
import { dockerIgnoreMatcher } from './docker-ignore.js';
import {
  effectiveStage,
  execForm,
  type Instruction,
  lastInstruction,
  parentStage,
  parseDockerfile,
  type Stage,
  stageNamed,
} from './dockerfile-plan.js';
import { localPrebuildsEnv } from './native-prebuilds.js';
import { checkRefusesToStart, checkRuntime } from './replay-runtime-check.js';

const CONTEXT = fileURLToPath(new URL('..', import.meta.url));
/** OS-level steps a Debian base image needs and this machine already has (or cannot do unprivileged). */
const OS_STEP = /^(apt-get|apk|mkdir|chown|chmod|useradd|groupadd|adduser|addgroup)\b/;
/** Only these variables reach the RUN steps: npm must not see the npm_config_* of an enclosing `npm test`. */
const PASSED_VARIABLES =
  /^(PATH|HOME|TMPDIR|LANG|NODE_EXTRA_CA_CERTS|(HTTPS?|NO)_PROXY|npm_config_(cache|registry|userconfig|nodedir))$/i;

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const work = await mkdtemp(join(tmpdir(), 'replay-image-'));
  const started = Date.now();
  log(`work folder ${work}`);
  try {
    const runEnv = cleanEnv();
    if (!process.argv.includes('--build-native')) {
      Object.assign(runEnv, await localPrebuildsEnv(CONTEXT, join(work, 'prebuilds'), log));
    }
    const stages = parseDockerfile(await readFile(join(CONTEXT, 'Dockerfile'), 'utf8'));
    const ignored = dockerIgnoreMatcher(
      await readFile(join(CONTEXT, '.dockerignore'), 'utf8').catch(() => ''),
    );
    const roots = new Map<string, string>();
    for (const stage of stages) {
      const root = join(work, `stage-${stage.name}`);
      roots.set(stage.name, root);
      await replayStage(stage, root, roots, ignored, runEnv, stages);
    }
    const production = stages.at(-1);
    if (!production) throw new Error('the Dockerfile has no stage');
    await checkImages(stages, production, roots);
    log(`OK in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    if (keep) log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

/** The sandbox target as people try it, and the default (production) target both ways. */
async function checkImages(stages: Stage[], production: Stage, roots: Map<string, string>): Promise<void> {
  const sandbox = stageNamed(stages, 'sandbox');
  await checkRuntime(effectiveStage(stages, sandbox), roots.get(sandbox.name)!, log, {
    label: 'no configuration',
  });
  const runtime = effectiveStage(stages, production);
  const root = roots.get(production.name)!;
  await checkRefusesToStart(runtime, root, log, {
    label: 'no configuration',
    code: 78,
    saying: /sandbox mode needs the embedded Graph emulator.*--target sandbox/,
  });
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  try {
    const apiKey = 'replay-api-key-for-the-image-check';
    await checkRuntime(runtime, root, log, {
      label: `live mode against an emulator at ${emulator.origin}`,
      apiKey,
      env: {
        ...liveModeEnv(emulator.origin, emulator.demo),
        API_KEYS: apiKey,
      },
    });
  } finally {
    await emulator.close();
  }
}

async function replayStage(
  stage: Stage,
  root: string,
  roots: Map<string, string>,
  ignored: (path: string) => boolean,
  runEnv: NodeJS.ProcessEnv,
  stages: Stage[],
): Promise<void> {
  log(`stage ${stage.name} (FROM ${stage.image})`);
  let workdir = '/';
  const parent = parentStage(stages, stage);
  if (parent) {
    // `FROM <earlier stage>`: its filesystem and working directory are where this one starts.
    await cp(roots.get(parent.name)!, root, { recursive: true, verbatimSymlinks: true });
    workdir = posix.resolve('/', lastInstruction(effectiveStage(stages, parent), 'WORKDIR')?.args ?? '/');
  }
  await mkdir(root, { recursive: true });
  for (const instruction of stage.instructions) {
    const flags = Object.entries(instruction.flags).map(([name, value]) => `--${name}=${value} `);
    const at = `line ${instruction.line}: ${instruction.keyword} ${flags.join('')}${instruction.args}`.slice(
      0,
      160,
    );
    if (instruction.keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, instruction.args);
      await mkdir(join(root, workdir), { recursive: true });
    } else if (instruction.keyword === 'COPY') {
      log(at);
      await replayCopy(instruction, root, workdir, roots, ignored);
    } else if (instruction.keyword === 'RUN') {
      const command = instruction.args;
      if (OS_STEP.test(command)) {
        log(`${at}  (skipped: OS set-up)`);
        continue;
      }
      log(at);
      await run(execForm(command) ?? ['/bin/sh', '-c', command], join(root, workdir), runEnv);
    }
  }
}

async function replayCopy(
  instruction: Instruction,
  root: string,
  workdir: string,
  roots: Map<string, string>,
  ignored: (path: string) => boolean,
): Promise<void> {
  const words = execForm(instruction.args) ?? instruction.args.split(/\s+/);
  const destination = words.at(-1)!;
  const sources = words.slice(0, -1);
  const target = join(root, posix.resolve(workdir, destination));
  const intoFolder = destination.endsWith('/') || sources.length > 1;
  const fromStage = instruction.flags['from'];
  for (const source of sources) {
    const name = posix.basename(source);
    const to = intoFolder ? join(target, name) : target;
    if (fromStage !== undefined) {
      const fromRoot = roots.get(fromStage);
      if (!fromRoot) throw new Error(`line ${instruction.line}: no earlier stage named ${fromStage}`);
      await cp(join(fromRoot, source), to, { recursive: true, verbatimSymlinks: true });
    } else {
      await copyFromContext(source, to, ignored, instruction.line);
    }
  }
}

/** Copies what `docker build` would send of `source`: files .dockerignore leaves out are missing. */
async function copyFromContext(
  source: string,
  to: string,
  ignored: (path: string) => boolean,
  line: number,
): Promise<void> {
  const from = join(CONTEXT, source);
  const files = (await stat(from)).isDirectory()
    ? (await readdir(from, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(CONTEXT, join(entry.parentPath, entry.name)).split('\\').join('/'))
    : [posix.normalize(source)];
  const sent = files.filter((file) => !ignored(file));
  if (sent.length === 0) {
    throw new Error(
      `line ${line}: COPY ${source} copies nothing: .dockerignore leaves it out of the context`,
    );
  }
  const base = relative(CONTEXT, from).split('\\').join('/');
  for (const file of sent) {
    const inside = file === base ? '' : file.slice(base.length + 1);
    await cp(join(CONTEXT, file), inside === '' ? to : join(to, inside));
  }
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => PASSED_VARIABLES.test(name)),
  );
  // No tool from the checkout's node_modules/.bin (which `npx`/`npm test` put first): a build step
  // must find its tools in the stage's own install, or fail as it would in the image.
  env['PATH'] = (env['PATH'] ?? '')
    .split(delimiter)
    .filter((entry) => !/[\\/]node_modules[\\/]\.bin$/.test(entry))
    .join(delimiter);
  // Reuse the npm cache: the registry is asked only for what the cache lacks.
  env['npm_config_prefer_offline'] = 'true';
  return env;
}

function run(command: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function log(message: string): void {
  process.stdout.write(`[replay-image-build] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[replay-image-build] FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
