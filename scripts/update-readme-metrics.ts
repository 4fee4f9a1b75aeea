/** `npm run docs:metrics`: rewrites the README's metrics table from the service's metric registry. */
import { readFile, writeFile } from 'node:fs/promises';
import { withMetricsTable } from './metrics-table.js';

const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, await withMetricsTable(await readFile(readme, 'utf8')));
process.stdout.write('README metrics table updated\n');
