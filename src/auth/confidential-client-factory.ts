/**
 * Builds one MSAL ConfidentialClientApplication for one (authority, tenant, app, secret). The
 * authority metadata is supplied inline so MSAL makes no discovery GET, which lets any host
 * (sovereign clouds, the emulator) act as the authority.
 * @see /work/shared/reference/platform.md section 2.4 (option B)
 */
import { ConfidentialClientApplication, type INetworkModule, LogLevel } from '@azure/msal-node';
import type { LogSink } from './log-sink.js';

export interface ConfidentialClientSpec {
  /** `host[:port]` of the authority, as MSAL sees it (always behind https://). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
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

export function createConfidentialClient(spec: ConfidentialClientSpec): ConfidentialClientApplication {
  const logger = spec.logger;
  return new ConfidentialClientApplication({
    auth: {
      clientId: spec.clientId,
      clientSecret: spec.clientSecret,
      authority: `https://${spec.authorityHost}/${spec.tenantId}`,
      knownAuthorities: [spec.authorityHost],
      authorityMetadata: authorityMetadataFor(spec.authorityHost),
    },
    system: {
      networkClient: spec.networkClient,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: spec.msalLogLevel ?? LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (logger === undefined || containsPii) return;
          logger.debug({ msalLevel: LogLevel[level], tenantId: spec.tenantId }, message);
        },
      },
    },
  });
}
