/** `npm run docs:errors`: rewrites the README's error tables from the error catalogue. */
import { readFile, writeFile } from 'node:fs/promises';
import { withErrorTable } from './error-table.js';

const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, withErrorTable(await readFile(readme, 'utf8')));
process.stdout.write('README error table updated\n');
