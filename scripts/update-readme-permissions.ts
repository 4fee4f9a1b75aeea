/** `npm run docs:permissions`: rewrites the README's permissions tables from src/capabilities/permissions.ts. */
import { readFile, writeFile } from 'node:fs/promises';
import { withPermissionsTable } from './permissions-table.js';

const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, withPermissionsTable(await readFile(readme, 'utf8')));
process.stdout.write('README permissions table updated\n');
