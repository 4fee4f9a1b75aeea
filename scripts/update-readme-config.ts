/** `npm run docs:config`: rewrites the README's configuration table from the env schema. */
import { readFile, writeFile } from 'node:fs/promises';
import { withConfigTable } from './config-table.js';

const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, withConfigTable(await readFile(readme, 'utf8')));
process.stdout.write('README configuration table updated\n');
