import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { serviceMetricDescriptions, withMetricsTable } from '../../scripts/metrics-table.js';

describe('README metrics table', () => {
  it('lists every metric of the service as generated (run `npm run docs:metrics` after a change)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(await withMetricsTable(readme));
    for (const { name } of await serviceMetricDescriptions()) expect(readme).toContain(`| \`${name}\` |`);
  });
});
