// Must stay the first import: it tunes the heap before the rest of the service is loaded.
import './heap-tuning.js';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import type { Sandbox } from './sandbox.js';
import { redactUrl } from './stores/create-store.js';

/** Process entry: config, build, listen, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config = loadConfigOrExit();
  let sandbox: Sandbox | undefined;
  if (config.mode === 'sandbox') {
    // Imported only here, so a live process never loads the emulator.
    const { startSandbox } = await import('./sandbox.js');
    sandbox = await startSandbox(config);
    config = sandbox.config;
  }
  const app = await buildApp(config);

  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'stopping after an unexpected error');
    else app.log.info({ signal }, 'stopping: finishing in-flight requests');
    await app.close();
    await sandbox?.emulator.close();
  });

  const address = await app.listen({ host: config.host, port: config.port });
  const summary = startSummary(config);
  app.log.info(
    summary,
    `${summary.mode} mode: Graph ${summary.graph}, store ${summary.store}, auth ${summary.auth}`,
  );
  if (sandbox) {
    app.log.warn(
      { emulator: sandbox.emulator.origin, tenantId: sandbox.config.defaultConnection?.tenantId },
      'SANDBOX MODE: calls go to the embedded Graph emulator, not to Microsoft. Set AZURE_* to go live.',
    );
  } else if (!config.defaultConnection) {
    app.log.warn(
      { connections: summary.connections },
      'no default connection (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not set): ' +
        'every call must name a connection of CONNECTIONS_FILE or send its own credentials',
    );
  }
  app.log.info({ address, docs: `${address}/docs` }, `listening on ${address}; explorer at ${address}/docs`);
}

/** What this process runs with, for the start line: names and origins only, never a secret. */
function startSummary(config: AppConfig) {
  return {
    mode: config.mode,
    graph: config.cloud.graphBaseUrl,
    authority: config.cloud.authorityHost,
    store: redactUrl(config.stateStoreUrl),
    auth: config.apiKeys.length > 0 && !config.authDisabled ? 'on' : 'off',
    defaultConnection: config.defaultConnection !== undefined,
    connections: Object.keys(config.connections),
  };
}

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

try {
  await main();
} catch (error) {
  // A failed start (store cannot open, port taken...) ends with one clear line and a non-zero
  // status rather than an unhandled-rejection stack trace.
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`Cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
