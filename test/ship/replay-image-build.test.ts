import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerIgnoreMatcher } from '../../scripts/docker-ignore.js';
import {
  execForm,
  healthcheckCommand,
  lastInstruction,
  parseDockerfile,
  type Stage,
  stageEnv,
} from '../../scripts/dockerfile-plan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (name: string) => readFile(new URL(name, `file://${ROOT}`), 'utf8');
const runs = (stage: Stage) =>
  stage.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => instruction.args);

describe('the Dockerfile', () => {
  it('builds in one stage and runs from a second with production dependencies and dist/ only', async () => {
    const [build, runtime, ...more] = parseDockerfile(await read('Dockerfile'));
    expect(more).toEqual([]);
    expect(build?.image).toMatch(/^node:20[.-]/);
    expect(runtime?.image).toBe(build?.image);
    expect(runs(build!)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^npm ci\b/),
        'npm run build',
        expect.stringMatching(/^npm prune --omit=dev\b/),
      ]),
    );
    const copies = runtime!.instructions.filter((instruction) => instruction.keyword === 'COPY');
    expect(copies.every((copy) => copy.flags['from'] === 'build')).toBe(true);
    expect(copies.map((copy) => copy.args.split(/\s+/)[0])).toEqual([
      '/app/package.json',
      '/app/node_modules',
      '/app/dist',
      '/app/packages/graph-emulator/package.json',
      '/app/packages/graph-emulator/dist',
    ]);
  });

  it('runs as a non-root user, listens on all interfaces, keeps state on a volume, stops on SIGTERM', async () => {
    const runtime = parseDockerfile(await read('Dockerfile')).at(-1)!;
    expect(lastInstruction(runtime, 'USER')?.args).toMatch(/^(?!root\b|0\b)\S+/);
    const env = stageEnv(runtime);
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', STATE_STORE_URL: 'sqlite:/data/state.db' });
    // The image carries no credential: those come from the environment at run time.
    expect(Object.keys(env).filter((name) => /SECRET|API_KEYS|AZURE_/.test(name))).toEqual([]);
    expect(execForm(lastInstruction(runtime, 'VOLUME')!.args)).toEqual(['/data']);
    expect(lastInstruction(runtime, 'STOPSIGNAL')?.args).toBe('SIGTERM');
    expect(execForm(lastInstruction(runtime, 'CMD')!.args)).toEqual(['node', 'dist/server.js']);
    expect(lastInstruction(runtime, 'EXPOSE')?.args).toBe('3000');
  });

  it('health-checks /readyz with node alone (no curl or wget in the image)', async () => {
    const runtime = parseDockerfile(await read('Dockerfile')).at(-1)!;
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
  // Installs, builds and prunes in a clean folder, then starts dist/server.js from the runtime folder
  // alone: a runtime import of a devDependency or a missing file fails here, as in the real image.
  it('builds the image contents in a clean folder and serves the sandbox from them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/replay-image-build.ts'], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('/readyz 200');
    expect(output).toContain("read-user 200: o'brien@contoso.onmicrosoft.com");
    expect(output).toMatch(/state store file on the volume: .*stage-runtime[\\/]data[\\/]state\.db/);
    expect(output).toContain('SIGTERM: exited 0');
  }, 900_000);
});
