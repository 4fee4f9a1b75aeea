/**
 * Turns the two comparison servers into plain JavaScript before they run, as `npm run build` does
 * for the service, so that no target pays for tsx (its loader, esbuild, source maps) in start-up
 * time, CPU or RSS. Output goes to node_modules/.cache (ignored by git, and packages resolve from
 * there); a package.json there marks the files as ES modules.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const SOURCES = ['passthrough-server.ts', 'sdk-server.ts', 'sdk-emulator-bridge.ts'];

/** Returns the directory holding `passthrough-server.js` and `sdk-server.js`. */
export function compileTargets(repoRoot: string): string {
  const outDir = join(repoRoot, 'node_modules/.cache/bench-targets');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  for (const file of SOURCES) {
    const source = readFileSync(join(repoRoot, 'bench', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), outputText);
  }
  return outDir;
}
