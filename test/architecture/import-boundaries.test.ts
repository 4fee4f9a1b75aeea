import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real rule set of `npm run check:boundaries`, run against a small tree in a temporary
// directory that has the repository's shape: a legal tree passes, and each deliberate violation
// is reported under the rule that forbids it.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
type Files = Record<string, string>;

/** A legal miniature of the repository: every layer, the composition root, the emulator package. */
const legalTree: Files = {
  'package.json': JSON.stringify({ name: 'fixture', type: 'module', workspaces: ['packages/*'] }),
  'packages/graph-emulator/package.json': JSON.stringify({
    name: '@entra-user-management/graph-emulator',
    type: 'module',
    exports: { '.': { source: './src/index.ts', default: './dist/index.js' } },
  }),
  'packages/graph-emulator/src/index.ts': "export { fakeGraph } from './fake-graph.js';\n",
  'packages/graph-emulator/src/fake-graph.ts': 'export const fakeGraph = 1;\n',
  'src/server.ts': "import { app } from './app.js';\nexport const server = app;\n",
  'src/app.ts': [
    "import { routes } from './http/routes/routes.js';",
    "import { memoryStore } from './stores/memory-store.js';",
    'export const app = [routes, memoryStore];',
  ].join('\n'),
  'src/sandbox.ts':
    "import { fakeGraph } from '@entra-user-management/graph-emulator';\nexport const sandbox = fakeGraph;\n",
  'src/http/routes/routes.ts':
    "import { capability } from '../../capabilities/users/read-user.js';\nexport const routes = capability;\n",
  'src/http/problem/problem-type.ts': 'export type Problem = { title: string };\n',
  'src/capabilities/users/read-user.ts': [
    "import { graphClient } from '../../graph/graph-client.js';",
    "import { memoryStore } from '../../stores/memory-store.js';",
    'export const capability = [graphClient, memoryStore];',
  ].join('\n'),
  'src/capabilities/common/user-id.ts': 'export type UserId = string;\n',
  'src/graph/graph-client.ts': [
    "import { token } from '../identity/token.js';",
    "import { deadline } from '../net/deadline.js';",
    "import type { ServiceError } from '../errors/service-error.js';",
    'export const graphClient = [token, deadline] as unknown as ServiceError;',
  ].join('\n'),
  'src/graph/graph-url.ts': 'export const graphUrl = 1;\n',
  'src/identity/token.ts': "import { config } from '../config/config.js';\nexport const token = config;\n",
  'src/stores/memory-store.ts':
    "import { metrics } from '../observability/metrics.js';\nexport const memoryStore = metrics;\n",
  'src/net/deadline.ts': 'export const deadline = 1;\n',
  'src/errors/service-error.ts': 'export type ServiceError = { code: string };\n',
  'src/config/config.ts': 'export const config = 1;\n',
  'src/observability/metrics.ts': 'export const metrics = 1;\n',
  'test/app.test.ts': [
    "import { app } from '../src/app.js';",
    "import { fakeGraph } from '@entra-user-management/graph-emulator';",
    'export const used = [app, fakeGraph];',
  ].join('\n'),
};

let options: ICruiseOptions;
const workDirs: string[] = [];

beforeAll(async () => {
  options = await extractDepcruiseOptions(join(repoRoot, '.dependency-cruiser.mjs'));
});

afterAll(async () => {
  await Promise.all(workDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Writes the legal tree with `changes` on top into a fresh temporary directory and checks it. */
async function violationsOf(changes: Files = {}): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), 'import-boundaries-'));
  workDirs.push(root);
  for (const [path, text] of Object.entries({ ...legalTree, ...changes })) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  // What npm's workspaces do: the package name links to the package folder.
  await mkdir(join(root, 'node_modules/@entra-user-management'), { recursive: true });
  await symlink(
    '../../packages/graph-emulator',
    join(root, 'node_modules/@entra-user-management/graph-emulator'),
  );

  const { output } = await cruise(['src', 'test', 'packages'], { ...options, baseDir: root });
  const result = output as ICruiseResult;
  return (result.summary.violations ?? []).map((violation) => `${violation.rule.name}: ${violation.from}`);
}

describe('import boundaries (.dependency-cruiser.mjs)', () => {
  it('pass a tree that follows every rule, tests importing the composition root included', async () => {
    expect(await violationsOf()).toEqual([]);
  });

  it('reject a lower layer importing a higher one (graph -> http)', async () => {
    const violations = await violationsOf({
      'src/graph/graph-url.ts':
        "import type { Problem } from '../http/problem/problem-type.js';\nexport type Url = Problem;\n",
    });
    expect(violations).toEqual(['layer-graph: src/graph/graph-url.ts']);
  });

  it('reject one bottom layer importing another (net -> errors)', async () => {
    const violations = await violationsOf({
      'src/net/deadline.ts':
        "import type { ServiceError } from '../errors/service-error.js';\nexport type Deadline = ServiceError;\n",
    });
    expect(violations).toEqual(['layer-net: src/net/deadline.ts']);
  });

  it('reject two top-level folders importing each other (stores <-> capabilities)', async () => {
    const violations = await violationsOf({
      'src/stores/memory-store.ts':
        "import type { UserId } from '../capabilities/common/user-id.js';\nexport const memoryStore: UserId = '';\n",
    });
    expect(violations).toEqual(['layer-stores: src/stores/memory-store.ts']);
  });

  it('reject two sibling folders importing each other (capabilities/users <-> capabilities/common)', async () => {
    const violations = await violationsOf({
      'src/capabilities/users/user-name.ts': 'export type UserName = string;\n',
      'src/capabilities/common/user-id.ts':
        "import type { UserName } from '../users/user-name.js';\nexport type UserId = UserName;\n",
      'src/capabilities/users/read-user.ts': [
        "import type { UserId } from '../common/user-id.js';",
        "import { graphClient } from '../../graph/graph-client.js';",
        'export const capability: [unknown, UserId] = [graphClient, ""];',
      ].join('\n'),
    });
    expect(violations.sort()).toEqual([
      'no-folder-cycle: src/capabilities/common',
      'no-folder-cycle: src/capabilities/users',
    ]);
  });

  it('reject a module cycle inside one folder', async () => {
    const violations = await violationsOf({
      'src/graph/graph-url.ts':
        "import { graphClient } from './graph-client.js';\nexport const graphUrl = graphClient;\n",
      'src/graph/graph-client.ts':
        "import { graphUrl } from './graph-url.js';\nexport const graphClient = graphUrl;\n",
    });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^no-circular: src\/graph\/graph-(client|url)\.ts$/);
  });

  it('reject a layer importing the composition root', async () => {
    const violations = await violationsOf({
      'src/identity/token.ts': "import { sandbox } from '../sandbox.js';\nexport const token = sandbox;\n",
    });
    expect(violations).toEqual(['composition-root-is-imported-by-tests-only: src/identity/token.ts']);
  });

  it('reject a folder of src/ that no layer names', async () => {
    const violations = await violationsOf({
      'src/utils/helpers.ts': 'export const helper = 1;\n',
      'src/app.ts': "import { helper } from './utils/helpers.js';\nexport const app = helper;\n",
    });
    expect(violations).toEqual(['src-folder-outside-the-layers: src/app.ts']);
  });

  it('reject a deep import into the emulator package', async () => {
    const violations = await violationsOf({
      'src/sandbox.ts':
        "import { fakeGraph } from '@entra-user-management/graph-emulator/src/fake-graph.js';\nexport const sandbox = fakeGraph;\n",
    });
    expect(violations.sort()).toEqual([
      'no-deep-import-into-the-emulator: src/sandbox.ts',
      'no-unresolvable-import: src/sandbox.ts',
    ]);
  });

  it('reject reaching the emulator by a relative path, its internals or its entry', async () => {
    const violations = await violationsOf({
      'test/app.test.ts':
        "import { fakeGraph } from '../packages/graph-emulator/src/fake-graph.js';\nexport const used = fakeGraph;\n",
      'src/sandbox.ts':
        "import { fakeGraph } from '../packages/graph-emulator/src/index.js';\nexport const sandbox = fakeGraph;\n",
    });
    expect(violations.sort()).toEqual([
      'emulator-entry-by-package-name: src/sandbox.ts',
      'emulator-only-through-its-entry: test/app.test.ts',
    ]);
  });

  it('reject the emulator importing the service', async () => {
    const violations = await violationsOf({
      'packages/graph-emulator/src/fake-graph.ts':
        "import { config } from '../../../src/config/config.js';\nexport const fakeGraph = config;\n",
    });
    expect(violations).toEqual([
      'emulator-imports-nothing-of-the-service: packages/graph-emulator/src/fake-graph.ts',
    ]);
  });
});
