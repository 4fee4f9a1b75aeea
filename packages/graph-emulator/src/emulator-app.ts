// The Graph + identity emulator as a Fastify app: one origin (plain HTTP, or HTTPS with a CA made
// at start) serving the token endpoint with its discovery documents, Graph under /v1.0 and /beta,
// and /_emulator admin. It imports nothing from the service: it stands in for Microsoft.

import { randomUUID } from 'node:crypto';
import { type AddressInfo, isIP } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { isLag, registerAdminRoutes } from './admin/admin-routes.js';
import type { DeltaSettings } from './directory/delta-policy.js';
import type { ReplicationSettings } from './directory/replication-lag.js';
import { EmulatorState } from './emulator-state.js';
import { registerGraph } from './graph/graph-plugin.js';
import { compileEngineFilter, type UserFilterCompiler } from './graph/user-filter-hook.js';
import { registerDiscoveryRoutes } from './identity/discovery-routes.js';
import { registerManagedIdentityRoute } from './identity/managed-identity-route.js';
import { requestOrigin } from './identity/request-origin.js';
import { StsError } from './identity/sts-error.js';
import { registerTokenRoute, sendStsError } from './identity/token-route.js';
import type { ThrottlingSettings } from './throttling/throttle-model.js';
import { type CaFile, writeCaFile } from './tls/ca-file.js';

export interface EmulatorTlsOptions {
  /** Where to write the CA certificate (PEM); default: a new temporary folder, removed on close. */
  caCertificatePath?: string;
  /** Host names or IP addresses the certificate covers besides localhost, 127.0.0.1 and ::1. */
  hostNames?: string[];
}

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
  /**
   * Graph's eventual consistency (off by default): a user or group created through Graph stays
   * invisible to every other read for `lagMs`; changeable later via /_emulator/replication.
   */
  replication?: ReplicationSettings;
  /**
   * Serve HTTPS with a CA and a localhost certificate made at start (nothing private is written):
   * `startEmulator` writes the CA certificate to a file for NODE_EXTRA_CA_CERTS, and every link and
   * discovery document names the https origin. Off by default (plain HTTP).
   */
  tls?: boolean | EmulatorTlsOptions;
}

export interface DemoCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The verified default domain, e.g. contoso.onmicrosoft.com. */
  domain: string;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123, or https://localhost:43123 with TLS. */
  origin: string;
  /** With TLS: the CA certificate's file, for NODE_EXTRA_CA_CERTS. */
  caCertificatePath?: string;
  /** With TLS: the CA certificate (PEM), for clients in this process (an undici Agent's `ca`). */
  caCertificate?: string;
  demo: DemoCredentials;
  state: EmulatorState;
  close(): Promise<void>;
}

export type { EmulatorState } from './emulator-state.js';

export async function buildEmulator(
  options: EmulatorOptions = {},
): Promise<{ app: FastifyInstance; state: EmulatorState; caCertificate?: string }> {
  const state = new EmulatorState({
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    demoUsers: options.seedUsers ?? 60,
    ...(options.delta ? { delta: options.delta } : {}),
  });
  if (options.throttling) state.throttling.update(options.throttling);
  if (options.replication) {
    if (!isLag(options.replication.lagMs)) throw new TypeError('replication.lagMs must be 0 to 600000');
    state.replicationLag.update(options.replication);
  }
  const serverOptions = { logger: options.logger ?? false, forceCloseConnections: true };
  const certificates = options.tls ? await localCertificates(options.tls) : undefined;
  // An HTTPS Fastify instance is typed apart from an HTTP one; the routes use neither difference.
  const app = certificates
    ? (Fastify({
        ...serverOptions,
        https: { key: certificates.privateKey, cert: certificates.certificate },
      }) as unknown as FastifyInstance)
    : Fastify(serverOptions);
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
  registerManagedIdentityRoute(app, state);
  registerAdminRoutes(app, state);
  await registerGraph(app, state, {
    compileUserFilter: options.compileUserFilter ?? compileEngineFilter,
    delta: state.delta,
  });
  return { app, state, ...(certificates ? { caCertificate: certificates.caCertificate } : {}) };
}

/** node-forge is loaded only when TLS is asked for. */
async function localCertificates(tls: true | EmulatorTlsOptions) {
  const { createLocalCertificates } = await import('./tls/local-certificates.js');
  return createLocalCertificates(tls === true ? [] : (tls.hostNames ?? []));
}

export async function startEmulator(
  options: EmulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls === true ? {} : options.tls || undefined;
  const { app, state, caCertificate } = await buildEmulator({
    ...options,
    ...(tls ? { tls: { ...tls, hostNames: [...(tls.hostNames ?? []), host] } } : {}),
  });
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator did not bind a TCP port');
  let caFile: CaFile | undefined;
  try {
    if (caCertificate !== undefined) caFile = await writeCaFile(caCertificate, tls?.caCertificatePath);
  } catch (err) {
    await app.close();
    throw err;
  }
  const { tenantId, clientId, clientSecret, domain } = state.demo;
  return {
    origin: `${tls ? 'https' : 'http'}://${originHost(host, address, tls !== undefined)}:${address.port}`,
    ...(caFile ? { caCertificatePath: caFile.path, caCertificate } : {}),
    demo: { tenantId, clientId, clientSecret, domain },
    state,
    close: async () => {
      await app.close();
      await caFile?.remove();
    },
  };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::', '']);

/**
 * The host clients use: the bound address over plain HTTP; with TLS a name the certificate covers,
 * `localhost` for a local or wildcard bind, else the host as given.
 */
function originHost(host: string, address: AddressInfo, tls: boolean): string {
  const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (!tls) return bound;
  if (LOCAL_HOSTS.has(host)) return 'localhost';
  return isIP(host) === 6 ? `[${host}]` : host;
}
