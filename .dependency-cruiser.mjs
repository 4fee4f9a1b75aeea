/**
 * The import boundaries `npm run check:boundaries` (and so `npm test`) enforces. Paths are relative
 * to the repository root. The rule format: https://github.com/sverweij/dependency-cruiser
 *
 * Layers of src/, top to bottom: a folder imports itself and the folders listed for it, nothing
 * else. Because every list only names folders further down, no two top-level folders can import
 * each other, directly or through a third: this is the folder-cycle check for src/'s top level
 * ('no-folder-cycle' below sees only folders that import a module lying directly in the other).
 *
 * There is no list of tolerated violations: every rule holds for the whole tree.
 */
const BOTTOM = ['net', 'errors', 'config', 'observability'];
const LAYERS = {
  http: ['workflows', 'batch', 'capabilities', 'stores', 'graph', 'identity', ...BOTTOM],
  // The composite operations built on capabilities (workflows; batch is reserved).
  workflows: ['capabilities', 'stores', 'graph', 'identity', ...BOTTOM],
  batch: ['capabilities', 'stores', 'graph', 'identity', ...BOTTOM],
  capabilities: ['stores', 'graph', 'identity', ...BOTTOM],
  graph: ['identity', ...BOTTOM],
  identity: [...BOTTOM],
  // Cursor state sits beside graph: the layers above may use it, it uses only the bottom four.
  stores: [...BOTTOM],
  // The bottom four are independent of each other.
  net: [],
  errors: [],
  config: [],
  observability: [],
};

// The guarantee above holds only while the map itself has no loop: refuse to load one that has.
for (const start of Object.keys(LAYERS)) {
  const seen = new Set();
  const visit = (layer) => {
    for (const below of LAYERS[layer] ?? []) {
      if (below === start)
        throw new Error(`.dependency-cruiser.mjs: src/${start}/ can reach itself through the layer map`);
      if (seen.has(below)) continue;
      seen.add(below);
      visit(below);
    }
  };
  visit(start);
}

/** The process entry and the wiring: they may import anything, and only tests import them. */
const COMPOSITION_ROOT = '^src/(app|server|sandbox|heap-tuning)\\.ts$';
const SERVICE = '^(src|test|bench|scripts)/';
const EMULATOR = '^packages/graph-emulator/';
const EMULATOR_ENTRY = '^packages/graph-emulator/src/index\\.ts$';

const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = Object.entries(LAYERS).map(([layer, below]) => ({
  name: `layer-${layer}`,
  severity: 'error',
  comment: below.length
    ? `src/${layer}/ may import only itself and ${below.map((name) => `src/${name}/`).join(', ')}.`
    : `src/${layer}/ is a bottom layer: it imports no other folder of src/.`,
  from: { path: `^src/${layer}/` },
  to: { path: '^src/[^/]+/', pathNot: folders([layer, ...below]) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a cycle: move what both need one layer down.',
      from: { path: '^(src|packages/graph-emulator/src)/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders of src/ import each other, e.g. capabilities/users and capabilities/groups.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'src-folder-outside-the-layers',
      severity: 'error',
      comment:
        'Every file of src/ belongs to a layer of .dependency-cruiser.mjs or to the composition root: add a new folder there first.',
      from: {},
      to: { path: '^src/', pathNot: [folders(Object.keys(LAYERS)), COMPOSITION_ROOT] },
    },
    {
      name: 'composition-root-is-imported-by-tests-only',
      severity: 'error',
      comment: 'app.ts, server.ts and sandbox.ts wire the layers together: no layer imports them.',
      from: { path: '^(src|packages)/', pathNot: COMPOSITION_ROOT },
      to: { path: COMPOSITION_ROOT },
    },
    {
      name: 'emulator-only-through-its-entry',
      severity: 'error',
      comment:
        "Import the emulator as '@entra-user-management/graph-emulator'; its other files are internal.",
      from: { path: SERVICE },
      to: { path: EMULATOR, pathNot: EMULATOR_ENTRY },
    },
    {
      name: 'emulator-entry-by-package-name',
      severity: 'error',
      comment: "Import the emulator as '@entra-user-management/graph-emulator', not by a relative path.",
      from: { path: SERVICE },
      to: { path: EMULATOR_ENTRY, dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'no-deep-import-into-the-emulator',
      severity: 'error',
      comment: "'@entra-user-management/graph-emulator' exports only its entry; nothing below it.",
      from: {},
      to: { path: '^@entra-user-management/graph-emulator/', couldNotResolve: true },
    },
    {
      name: 'emulator-imports-nothing-of-the-service',
      severity: 'error',
      comment: 'The emulator package stands alone: it never imports the service, its tests or tools.',
      from: { path: EMULATOR },
      to: { path: SERVICE },
    },
    {
      name: 'production-code-uses-no-dev-dependency',
      severity: 'error',
      comment:
        'The production image installs dependencies only: src/ may not need a devDependency at run time.',
      from: { path: '^(src|packages/graph-emulator/src)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'npm-package-declared-by-its-importer',
      severity: 'error',
      comment:
        "A package imported here is missing from the nearest package.json (the root's or the emulator's).",
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-unresolvable-import',
      severity: 'error',
      comment: 'An import that resolves to no file (or a package subpath its exports do not offer).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // Type-only imports are dependencies too: a type defined in a higher layer is misplaced.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // The workspace package resolves to its TypeScript sources, as in tests, tsx and tsc.
      conditionNames: ['source', 'import', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
