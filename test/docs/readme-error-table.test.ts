import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE_END, ERROR_TABLE_START, withErrorTable } from '../../scripts/error-table.js';
import { EnvSchema } from '../../src/config/env-schema.js';
import { ERROR_CATALOGUE, type ProblemCode } from '../../src/errors/error-catalogue.js';

const codes = Object.keys(ERROR_CATALOGUE) as ProblemCode[];
const srcRoot = new URL('../../src/', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat().filter((file) => file.endsWith('.ts'));
}

function fixedStatus(code: ProblemCode): number | undefined {
  const { status } = ERROR_CATALOGUE[code];
  return typeof status === 'number' ? status : undefined;
}

// A code used in src/ but missing from the catalogue does not compile: problem(), badRequest() and
// notFoundCode take the catalogue's code type (see test/errors/problem.test.ts).
describe('README error table', () => {
  it('is the catalogue as generated (run `npm run docs:errors` after a change)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withErrorTable(readme));
    for (const code of codes) expect(readme).toContain(`| \`${code}\` |`);
  });

  it('names only catalogue codes, with their status, in the hand-written tables', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const outside =
      readme.slice(0, readme.indexOf(ERROR_TABLE_START)) + readme.slice(readme.indexOf(ERROR_TABLE_END));
    // The first cell of a table row, e.g. "| `GRAPH_TIMEOUT` (504), `GRAPH_UNREACHABLE` (502) | ...".
    const firstCells = outside
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|')[1] ?? '');
    const named = firstCells.flatMap((cell) =>
      [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''),
    );
    expect(named.length).toBeGreaterThan(0);
    // Configuration tables also start rows with a backticked name: those are variables, not codes.
    expect(named.filter((name) => !(name in ERROR_CATALOGUE) && !(name in EnvSchema.properties))).toEqual([]);
    for (const [, code, status] of outside.matchAll(/`([A-Z][A-Z0-9_]+)` \((\d{3})\)/g)) {
      expect({ code, status: fixedStatus(code as ProblemCode) }).toEqual({ code, status: Number(status) });
    }
  });

  it('lists no code the service never answers', async () => {
    const sources = await Promise.all(
      (await sourceFiles(srcRoot))
        .filter((file) => !file.endsWith('error-catalogue.ts'))
        .map((file) => readFile(file, 'utf8')),
    );
    const text = sources.join('\n');
    expect(codes.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('has every problem made through the catalogue: no `new ServiceError(` outside src/errors', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(srcRoot)) {
      if (file.includes('/src/errors/')) continue;
      if ((await readFile(file, 'utf8')).includes('new ServiceError(')) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
