import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startSandbox } from '../../src/sandbox.js';

export interface SandboxService {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The service as `npm start` runs it with no configuration: sandbox mode, the embedded emulator
 * with its default seed, the demo tenant as the default connection. Only the port (0), the log
 * level and the store (memory, so nothing is left on disk) differ.
 */
export async function startSandboxService(env: NodeJS.ProcessEnv = {}): Promise<SandboxService> {
  const config = loadConfig({ LOG_LEVEL: 'silent', STATE_STORE_URL: 'memory:', ...env });
  const sandbox = await startSandbox(config);
  const app = await buildApp(sandbox.config);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    app,
    async close() {
      await app.close();
      await sandbox.emulator.close();
    },
  };
}
