// Runs the emulator alone (`npm run emulator`): EMULATOR_HOST / EMULATOR_PORT choose the
// address; `--tls` or EMULATOR_TLS=true serves HTTPS with a CA made at start (its certificate
// written to EMULATOR_CA_PATH or a temporary file). It prints the origin, the CA path and the
// demo tenant's sandbox credentials (printing this secret is intended: it is accepted by nothing
// but this emulator).

import { startEmulator } from './emulator-app.js';

const host = process.env['EMULATOR_HOST'] ?? '127.0.0.1';
const portText = process.env['EMULATOR_PORT'] ?? '4000';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number (0-65535), got '${portText}'`);
  process.exit(1);
}

const tlsText = process.env['EMULATOR_TLS'] ?? '';
if (!['', 'true', 'false'].includes(tlsText)) {
  console.error(`EMULATOR_TLS must be true or false, got '${tlsText}'`);
  process.exit(1);
}
const tls = process.argv.includes('--tls') || tlsText === 'true';
const caPath = process.env['EMULATOR_CA_PATH'] || undefined;

const emulator = await startEmulator({
  host,
  port,
  logger: process.env['EMULATOR_LOG'] === 'true',
  ...(tls ? { tls: caPath ? { caCertificatePath: caPath } : true } : {}),
});
const { demo, origin, caCertificatePath } = emulator;
const trust = caCertificatePath
  ? `
  CA certificate : ${caCertificatePath}
A Node client needs these two lines (the origin is also the authority host):
  NODE_EXTRA_CA_CERTS=${caCertificatePath}
  GRAPH_EMULATOR_ORIGIN=${origin}`
  : '';
console.log(`Graph + identity emulator listening on ${origin}${trust}
  token endpoint : ${origin}/${demo.tenantId}/oauth2/v2.0/token
  graph          : ${origin}/v1.0
  admin          : ${origin}/_emulator/stats
Demo tenant (sandbox credentials):
  AZURE_TENANT_ID=${demo.tenantId}
  AZURE_CLIENT_ID=${demo.clientId}
  AZURE_CLIENT_SECRET=${demo.clientSecret}
  domain: ${demo.domain}
  scope : ${origin}/.default (or https://graph.microsoft.com/.default)`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`${signal} received, closing the emulator`);
  emulator.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('emulator did not close cleanly', err);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
