import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';

/** The OpenAPI document of the app built with default settings, as stable, pretty-printed JSON. */
export async function renderOpenApiDocument(): Promise<string> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }));
  await app.ready();
  const document = app.swagger();
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
