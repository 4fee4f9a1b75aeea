import type { RunningEmulator } from '@entra-user-management/graph-emulator';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';

export interface Sandbox {
  /** The config pointed at the in-process emulator, with its demo tenant as the default connection. */
  config: AppConfig;
  emulator: RunningEmulator;
}

const EMULATOR_PACKAGE = '@entra-user-management/graph-emulator';

/**
 * GRAPH_MODE=sandbox: start the emulator in this process on a free loopback port and aim the
 * service at it, so the whole product can be tried with no Azure tenant.
 */
export async function startSandbox(config: AppConfig): Promise<Sandbox> {
  const { startEmulator } = await loadEmulator();
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, seedUsers: config.sandboxSeedUsers });
  const { tenantId, clientId, clientSecret } = emulator.demo;
  return {
    emulator,
    config: {
      ...config,
      cloud: { graphBaseUrl: emulator.origin, authorityHost: emulator.origin },
      defaultConnection: { tenantId, clientId, clientSecret },
    },
  };
}

/**
 * The production image leaves the emulator out (only its `sandbox` target carries it), so a
 * runtime image started without configuration says what to do instead of printing a module stack.
 */
async function loadEmulator(): Promise<typeof import('@entra-user-management/graph-emulator')> {
  try {
    return await import('@entra-user-management/graph-emulator');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String(error).includes(EMULATOR_PACKAGE)
    ) {
      throw new ConfigError(
        'GRAPH_MODE',
        'sandbox mode needs the embedded Graph emulator, which this installation does not include ' +
          '(the production image leaves it out: build with `--target sandbox` for the sandbox image), ' +
          'or set GRAPH_MODE=live with AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and API_KEYS',
      );
    }
    throw error;
  }
}
