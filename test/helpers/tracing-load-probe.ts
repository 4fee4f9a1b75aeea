/**
 * Run as its own process by test/observability/tracing-off.test.ts: registers the resolve hook,
 * builds the service from the environment it was given, answers one request and stops.
 */
import { register } from 'node:module';

register('./module-load-hooks.mjs', import.meta.url);
const { buildApp } = await import('../../src/app.js');
const { loadConfig } = await import('../../src/config/load-config.js');
const app = await buildApp(loadConfig({ ...process.env, STATE_STORE_URL: 'memory:', LOG_LEVEL: 'silent' }));
const response = await app.inject({ method: 'GET', url: '/healthz' });
await app.close();
process.stdout.write(`healthz ${response.statusCode}\n`);
