import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerIgnoreMatcher } from '../../scripts/docker-ignore.js';
import {
  effectiveStage,
  execForm,
  healthcheckCommand,
  lastInstruction,
  parseDockerfile,
  type Stage,
  stageEnv,
  stageNamed,
} from '../../scripts/dockerfile-plan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (name: string) => readFile(new URL(name, `file://${ROOT}`), 'utf8');
const copiedFromBuild = (stage: Stage) => {
  const copies = stage.instructions.filter((instruction) => instruction.keyword === 'COPY');
  expect(copies.every((copy) => copy.flags['from'] === 'build')).toBe(true);
  return copies.map((copy) => copy.args.split(/\s+/)[0]);
};
const runs = (stage: Stage) =>
  stage.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => instruction.args);

describe('the Dockerfile', () => {
  it('builds in one stage; the service stage holds production dependencies and dist/ only', async () => {
    const stages = parseDockerfile(await read('Dockerfile'));
    expect(stages.map((stage) => `${stage.name} FROM ${stage.image}`)).toEqual([
      'build FROM node:24-bookworm-slim',
      'service FROM node:24-bookworm-slim',
      'sandbox FROM service',
      'runtime FROM service',
    ]);
    const build = stageNamed(stages, 'build');
    expect(runs(build)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^npm ci\b/),
        'npm run build',
        expect.stringMatching(/^npm prune --omit=dev\b/),
      ]),
    );
    expect(copiedFromBuild(stageNamed(stages, 'service'))).toEqual([
      '/app/package.json',
      '/app/node_modules',
      '/app/dist',
    ]);
  });

  it('leaves the emulator out of the default (production) target and adds it to the sandbox target', async () => {
    const stages = parseDockerfile(await read('Dockerfile'));
    // `docker build .` builds the last stage: it must be the production one, with nothing added.
    const production = stages.at(-1)!;
    expect(production.name).toBe('runtime');
    expect(production.instructions).toEqual([]);
    const sandbox = stageNamed(stages, 'sandbox');
    expect(copiedFromBuild(sandbox)).toEqual([
      '/app/packages/graph-emulator/package.json',
      '/app/packages/graph-emulator/dist',
    ]);
    expect(stageEnv(sandbox)).toEqual({ GRAPH_MODE: 'sandbox' });
    expect(JSON.stringify(effectiveStage(stages, production))).not.toContain('graph-emulator');
  });

  it('runs as a non-root user, listens on all interfaces, keeps state on a volume, stops on SIGTERM', async () => {
    const stages = parseDockerfile(await read('Dockerfile'));
    for (const name of ['runtime', 'sandbox']) {
      const image = effectiveStage(stages, stageNamed(stages, name));
      expect(lastInstruction(image, 'USER')?.args).toMatch(/^(?!root\b|0\b)\S+/);
      const env = stageEnv(image);
      expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', STATE_STORE_URL: 'sqlite:/data/state.db' });
      // The image carries no credential: those come from the environment at run time.
      expect(Object.keys(env).filter((variable) => /SECRET|API_KEYS|AZURE_/.test(variable))).toEqual([]);
      expect(execForm(lastInstruction(image, 'VOLUME')!.args)).toEqual(['/data']);
      expect(lastInstruction(image, 'STOPSIGNAL')?.args).toBe('SIGTERM');
      expect(execForm(lastInstruction(image, 'CMD')!.args)).toEqual(['node', 'dist/server.js']);
      expect(lastInstruction(image, 'EXPOSE')?.args).toBe('3000');
    }
  });

  it('health-checks /readyz with node alone (no curl or wget in the image)', async () => {
    const stages = parseDockerfile(await read('Dockerfile'));
    const runtime = effectiveStage(stages, stages.at(-1)!);
    const [program, ...args] = healthcheckCommand(lastInstruction(runtime, 'HEALTHCHECK')!);
    expect(program).toBe('node');
    expect(args.join(' ')).toContain('/readyz');
  });
});

describe('.dockerignore', () => {
  it('sends the build inputs and keeps secrets, local state and host builds out of the context', async () => {
    const ignored = dockerIgnoreMatcher(await read('.dockerignore'));
    for (const sent of [
      'package.json',
      'package-lock.json',
      'tsconfig.build.json',
      'src/server.ts',
      'packages/graph-emulator/src/emulator-app.ts',
    ]) {
      expect(ignored(sent), sent).toBe(false);
    }
    for (const kept of [
      '.env',
      'data/state.db',
      'node_modules/fastify/package.json',
      'dist/server.js',
      '.git/HEAD',
      'test/ship/replay-image-build.test.ts',
      'server.pem',
    ]) {
      expect(ignored(kept), kept).toBe(true);
    }
  });

  it('follows Docker: parents match, the last matching line wins, `**` spans folders', () => {
    const ignored = dockerIgnoreMatcher('**/*.log\nsrc\n!src/keep\n# comment\n');
    expect(ignored('a/b/c.log')).toBe(true);
    expect(ignored('c.log')).toBe(true);
    expect(ignored('src/x/y.ts')).toBe(true);
    expect(ignored('src/keep/y.ts')).toBe(false);
    expect(ignored('srcs/y.ts')).toBe(false);
  });
});

describe('scripts/replay-image-build.ts', () => {
  // Installs, builds and prunes in a clean folder, then starts dist/server.js from each image's folder
  // alone: a runtime import of a devDependency, of the emulator in the production image, or a
  // missing file fails here, as in the real image.
  it('builds both images in clean folders: the sandbox serves, production serves live and refuses sandbox mode', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'scripts/replay-image-build.ts'],
      {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('[sandbox] /readyz 200');
    expect(output).toContain("[sandbox] read-user 200: o'brien@contoso.onmicrosoft.com");
    expect(output).toMatch(
      /\[sandbox\] state store file on the volume: .*stage-sandbox[\\/]data[\\/]state\.db/,
    );
    expect(output).toContain('[sandbox] SIGTERM: exited 0');
    expect(output).toMatch(
      /\[runtime\] no configuration: exited 78: Configuration error: GRAPH_MODE: .*--target sandbox/,
    );
    expect(output).toContain("[runtime] read-user 200: o'brien@contoso.onmicrosoft.com");
    expect(output).toMatch(
      /\[runtime\] state store file on the volume: .*stage-runtime[\\/]data[\\/]state\.db/,
    );
    expect(output).toContain('[runtime] SIGTERM: exited 0');
  }, 900_000);
});
