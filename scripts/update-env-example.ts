/** `npm run docs:env`: rewrites .env.example from the env schema. */
import { writeFile } from 'node:fs/promises';
import { renderEnvExample } from './env-example.js';

await writeFile(new URL('../.env.example', import.meta.url), renderEnvExample());
process.stdout.write('.env.example updated\n');
