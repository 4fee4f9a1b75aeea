/**
 * Builds one MSAL ConfidentialClientApplication for one (authority, tenant, app, credential). The
 * authority metadata is supplied inline so MSAL makes no discovery GET, which lets any host
 * (sovereign clouds, the emulator) act as the authority.
 * @see https://learn.microsoft.com/entra/msal/javascript/node/configuration (authorityMetadata,
 *   cloudDiscoveryMetadata, knownAuthorities)
 */
import type {
  ConfidentialClientApplication,
  Configuration,
  INetworkModule,
  LogLevel,
  NodeAuthOptions,
} from '@azure/msal-node';
import type { LogSink } from '../observability/log-sink.js';

type MsalModule = typeof import('@azure/msal-node');
let msalModule: Promise<MsalModule> | undefined;

/**
 * MSAL is about a fifth of the service's start-up time and is not needed to answer /readyz, so it
 * loads on the first token request, or earlier when the app calls this once it listens.
 */
export function loadMsal(): Promise<MsalModule> {
  msalModule ??= import('@azure/msal-node');
  return msalModule;
}

export interface ConfidentialClientSpec {
  /** `host[:port]` of the authority, as MSAL sees it (always behind https://). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** Exactly one of MSAL's confidential credentials: a secret, a certificate or a client assertion. */
  credential: Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate' | 'clientAssertion'>;
  networkClient: INetworkModule;
  logger?: LogSink;
  msalLogLevel?: LogLevel;
}

export function authorityMetadataFor(host: string): string {
  // `{tenant}` is replaced by MSAL with each request's tenant.
  return JSON.stringify({
    issuer: `https://${host}/{tenant}/v2.0`,
    token_endpoint: `https://${host}/{tenant}/oauth2/v2.0/token`,
    authorization_endpoint: `https://${host}/{tenant}/oauth2/v2.0/authorize`,
    jwks_uri: `https://${host}/{tenant}/discovery/v2.0/keys`,
    end_session_endpoint: `https://${host}/{tenant}/oauth2/v2.0/logout`,
  });
}

/**
 * MSAL's own log lines, at debug in ours and never with personal data (MSAL marks those lines;
 * they are dropped), for every kind of MSAL application the service builds.
 */
export function msalLoggerOptions(
  levels: MsalModule['LogLevel'],
  spec: { logger?: LogSink; msalLogLevel?: LogLevel; tenantId: string },
): NonNullable<NonNullable<Configuration['system']>['loggerOptions']> {
  const logger = spec.logger;
  return {
    piiLoggingEnabled: false,
    logLevel: spec.msalLogLevel ?? levels.Warning,
    loggerCallback: (level, message, containsPii) => {
      if (logger === undefined || containsPii) return;
      logger.debug({ msalLevel: levels[level], tenantId: spec.tenantId }, message);
    },
  };
}

export async function createConfidentialClient(
  spec: ConfidentialClientSpec,
): Promise<ConfidentialClientApplication> {
  const { ConfidentialClientApplication, LogLevel } = await loadMsal();
  return new ConfidentialClientApplication({
    auth: {
      clientId: spec.clientId,
      ...spec.credential,
      authority: `https://${spec.authorityHost}/${spec.tenantId}`,
      knownAuthorities: [spec.authorityHost],
      authorityMetadata: authorityMetadataFor(spec.authorityHost),
    },
    system: {
      networkClient: spec.networkClient,
      loggerOptions: msalLoggerOptions(LogLevel, spec),
    },
  });
}
