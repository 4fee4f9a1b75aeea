import { type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import type { AppConfig } from './config/app-config.js';

export interface Sandbox {
  /** The config pointed at the in-process emulator, with its demo tenant as the default connection. */
  config: AppConfig;
  emulator: RunningEmulator;
}

/**
 * GRAPH_MODE=sandbox: start the emulator in this process on a free loopback port and aim the
 * service at it, so the whole product can be tried with no Azure tenant.
 */
export async function startSandbox(config: AppConfig): Promise<Sandbox> {
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
