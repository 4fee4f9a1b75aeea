/**
 * One MSAL application per connection kind, behind one interface the token provider uses:
 * - client secret and client certificate: a ConfidentialClientApplication (MSAL signs the
 *   certificate's assertion itself, PS256 with the SHA-256 thumbprint, `x5c` when configured); a
 *   certificate file that changes is read again before the next token request
 *   (certificate-file-source.ts);
 * - workload identity: a ConfidentialClientApplication whose client assertion is a callback that
 *   reads the federated token file, so a rotated file is used by the next token request;
 * - managed identity: MSAL's ManagedIdentityApplication, which finds the platform's endpoint from
 *   the environment itself (IDENTITY_ENDPOINT/IDENTITY_HEADER on App Service and Container Apps,
 *   IMDS on VMs and AKS nodes).
 * @see https://learn.microsoft.com/entra/msal/javascript/node/certificate-credentials
 * @see https://learn.microsoft.com/entra/msal/javascript/node/managed-identity
 */
import type { INetworkModule, LogLevel } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import type { ClientCertificate, Connection } from '../config/connection.js';
import type { LogSink } from '../observability/log-sink.js';
import { rotatingCertificateSource } from './certificate-file-source.js';
import {
  type ConfidentialClientSpec,
  createConfidentialClient,
  loadMsal,
  msalLoggerOptions,
} from './confidential-client-factory.js';
import { readFederatedToken } from './federated-token-file.js';
import { managedIdentityError } from './managed-identity-errors.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import type { TokenSource } from './token-source.js';

export interface TokenSourceSpec {
  connection: Connection;
  /** `host[:port]` of the authority, as MSAL sees it (always behind https://). */
  authorityHost: string;
  /** The tenant, already normalised. */
  tenantId: string;
  /** Our network client for the authority (requests go to the configured authority only). */
  networkClient: INetworkModule;
  /**
   * For a managed identity's own network client: MSAL sends to the endpoint the platform announced in
   * the environment, which is not the authority.
   */
  dispatcher: Dispatcher;
  timeoutMs: number;
  logger?: LogSink;
  msalLogLevel?: LogLevel;
}

export async function createTokenSource(spec: TokenSourceSpec): Promise<TokenSource> {
  const connection = spec.connection;
  if (connection.kind === 'managedIdentity') return managedIdentitySource(spec, connection.userAssigned);
  if (connection.kind === 'clientCertificate') {
    const build = (certificate: ClientCertificate) =>
      confidentialSource(spec, { clientCertificate: certificateCredential(certificate) });
    return connection.certificateFile
      ? rotatingCertificateSource(connection.certificate, connection.certificateFile, build, spec.logger)
      : build(connection.certificate);
  }
  return confidentialSource(
    spec,
    connection.kind === 'workloadIdentity'
      ? { clientAssertion: federatedAssertion(connection.federatedTokenFile) }
      : { clientSecret: connection.clientSecret },
  );
}

async function confidentialSource(
  spec: TokenSourceSpec,
  credential: ConfidentialClientSpec['credential'],
): Promise<TokenSource> {
  const cca = await createConfidentialClient({
    authorityHost: spec.authorityHost,
    tenantId: spec.tenantId,
    clientId: spec.connection.clientId,
    credential,
    networkClient: spec.networkClient,
    ...(spec.logger ? { logger: spec.logger } : {}),
    ...(spec.msalLogLevel !== undefined ? { msalLogLevel: spec.msalLogLevel } : {}),
  });
  return {
    acquire: (scope) => cca.acquireTokenByClientCredential({ scopes: [scope] }),
    clearCache: () => cca.clearCache(),
  };
}

function certificateCredential(certificate: ClientCertificate) {
  return {
    thumbprintSha256: certificate.thumbprintSha256,
    privateKey: certificate.privateKey,
    ...(certificate.x5c ? { x5c: certificate.x5c } : {}),
  };
}

function federatedAssertion(path: string): () => Promise<string> {
  return () => readFederatedToken(path);
}

async function managedIdentitySource(spec: TokenSourceSpec, userAssigned: boolean): Promise<TokenSource> {
  const { ManagedIdentityApplication, LogLevel } = await loadMsal();
  const app = new ManagedIdentityApplication({
    ...(userAssigned ? { managedIdentityIdParams: { userAssignedClientId: spec.connection.clientId } } : {}),
    system: {
      networkClient: createMsalNetworkClient({ dispatcher: spec.dispatcher, timeoutMs: spec.timeoutMs }),
      loggerOptions: msalLoggerOptions(LogLevel, spec),
    },
  });
  // MSAL keeps managed identity tokens in one cache shared by the process and has no way to
  // clear it; a forced refresh on the next call has the same effect for this identity.
  let forceRefresh = false;
  return {
    acquire: async (scope) => {
      const refresh = forceRefresh;
      forceRefresh = false;
      try {
        return await app.acquireToken({ resource: scope, forceRefresh: refresh });
      } catch (err) {
        throw managedIdentityError(err);
      }
    },
    clearCache: () => {
      forceRefresh = true;
    },
  };
}
