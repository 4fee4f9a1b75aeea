// The Graph + identity emulator as a Fastify app: one plain-HTTP origin serving the token
// endpoint with its discovery documents, Graph under /v1.0 and /beta, and /_emulator admin.
// It imports nothing from the service: it stands in for Microsoft.

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/admin-routes.js';
import type { DeltaSettings } from './directory/delta-policy.js';
import { EmulatorState } from './emulator-state.js';
import { registerGraph } from './graph/graph-plugin.js';
import { compileEngineFilter, type UserFilterCompiler } from './graph/user-filter-hook.js';
import { registerDiscoveryRoutes } from './identity/discovery-routes.js';
import { requestOrigin } from './identity/request-origin.js';
import { StsError } from './identity/sts-error.js';
import { registerTokenRoute, sendStsError } from './identity/token-route.js';
import type { ThrottlingSettings } from './throttling/throttle-model.js';

export interface EmulatorOptions {
  /** Demo-tenant user count, fixture users included. Default 60. */
  seedUsers?: number;
  /** `expires_in` of issued tokens. Default 3599 (MSAL never caches tokens under 300 s). */
  tokenLifetimeSeconds?: number;
  logger?: boolean;
  /** Replaces the `$filter` predicate (after Graph's query rules); default: the OData engine. */
  compileUserFilter?: UserFilterCompiler;
  /** /users/delta: page size, token max age (default 7 days), faults; see directory/delta-policy.ts. */
  delta?: Partial<DeltaSettings>;
  /** The resource-unit throttling model (off by default); changeable later via /_emulator/throttling. */
  throttling?: Partial<ThrottlingSettings>;
}

export interface DemoCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The verified default domain, e.g. contoso.onmicrosoft.com. */
  domain: string;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  demo: DemoCredentials;
  state: EmulatorState;
  close(): Promise<void>;
}

export type { EmulatorState } from './emulator-state.js';

export async function buildEmulator(
  options: EmulatorOptions = {},
): Promise<{ app: FastifyInstance; state: EmulatorState }> {
  const state = new EmulatorState({
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    demoUsers: options.seedUsers ?? 60,
    ...(options.delta ? { delta: options.delta } : {}),
  });
  if (options.throttling) state.throttling.update(options.throttling);
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  // The token endpoint takes form bodies; keep them raw and parse them with URLSearchParams.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StsError) return sendStsError(reply, error, requestOrigin(request), randomUUID());
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'emulator bug');
    const err = new StsError(
      status,
      'invalid_request',
      900144,
      status === 500 ? 'Internal error.' : error.message,
    );
    return sendStsError(reply, err, requestOrigin(request), randomUUID());
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ error: 'not_found', message: `No emulator route for ${request.method} ${request.url}` });
  });
  registerTokenRoute(app, state);
  registerDiscoveryRoutes(app, state);
  registerAdminRoutes(app, state);
  await registerGraph(app, state, {
    compileUserFilter: options.compileUserFilter ?? compileEngineFilter,
    delta: state.delta,
  });
  return { app, state };
}

export async function startEmulator(
  options: EmulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningEmulator> {
  const { app, state } = await buildEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const { tenantId, clientId, clientSecret, domain } = state.demo;
  return {
    origin: `http://${shownHost}:${address.port}`,
    demo: { tenantId, clientId, clientSecret, domain },
    state,
    close: () => app.close(),
  };
}
