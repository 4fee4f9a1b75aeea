/**
 * The service with a scripted origin as its Graph and tokens from a recorder, so no identity
 * endpoint is involved: for pass-through tests the emulator has no resource for (binary or
 * oversized bodies, scripted 503s, redirects) and for proving where tokens go.
 */
import type { CloudEndpoints, Connection } from '../../src/config/connection.js';
import type { TokenProvider } from '../../src/identity/token-provider.js';
import { type Script, type ScriptedOrigin, startScriptedOrigin } from './scripted-origin.js';
import { startTestService, type TestService, type TestServiceOptions } from './test-service.js';

/** Hands out `token-for-<clientId>` and records which connection and cloud each token was for. */
export class RecordingTokens implements TokenProvider {
  readonly asked: Array<{ connection: Connection; cloud: CloudEndpoints }> = [];
  async getToken(connection: Connection, cloud: CloudEndpoints): Promise<string> {
    this.asked.push({ connection, cloud });
    return `token-for-${connection.clientId}`;
  }
  async invalidate(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface ScriptedGraphService extends TestService {
  graph: ScriptedOrigin;
  tokens: RecordingTokens;
}

/**
 * `authorityHost` is only the cloud the tokens are asked for (public cloud unless given); closing
 * the service closes its Graph origin too. The default connection's token counts as a secret.
 */
export async function startScriptedGraphService(
  script: Script,
  options: { authorityHost?: string; config?: TestServiceOptions['config']; env?: NodeJS.ProcessEnv } = {},
): Promise<ScriptedGraphService> {
  const graph = await startScriptedOrigin(script);
  const tokens = new RecordingTokens();
  const authorityHost = options.authorityHost ?? 'https://login.microsoftonline.com';
  const service = await startTestService({
    config: { cloud: { graphBaseUrl: graph.origin, authorityHost }, ...options.config },
    dependencies: { tokens },
    env: options.env,
  });
  service.secrets.add(`token-for-${service.config.defaultConnection!.clientId}`);
  return {
    ...service,
    graph,
    tokens,
    async close() {
      await service.close();
      await graph.close();
    },
  };
}
