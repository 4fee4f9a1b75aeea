import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withConfigTable } from '../../scripts/config-table.js';
import { EnvSchema } from '../../src/config/env-schema.js';

describe('README configuration table', () => {
  it('lists every variable of the env schema as generated (run `npm run docs:config` after a change)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(withConfigTable(readme));
    for (const name of Object.keys(EnvSchema.properties)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
