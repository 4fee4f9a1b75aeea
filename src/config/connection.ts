/**
 * The app registration (or managed identity) a Graph call acts as, and the credential it proves
 * itself with. Every kind acquires its token through MSAL Node (src/identity/msal-token-sources.ts).
 */
interface ConnectionIdentity {
  readonly tenantId: string;
  /**
   * The application (client) id. For a system-assigned managed identity, which has no id to name,
   * SYSTEM_ASSIGNED_IDENTITY: cursors and other state are kept per (tenant, clientId).
   */
  readonly clientId: string;
}

/** Client-credentials grant with a client secret (no `kind`: connections had no other kind before). */
export interface ClientSecretConnection extends ConnectionIdentity {
  readonly kind?: 'clientSecret';
  readonly clientSecret: string;
}

/** A certificate the app registration holds: MSAL signs a client assertion (PS256) with its key. */
export interface ClientCertificate {
  /** The private key, PKCS#8 PEM. */
  readonly privateKey: string;
  /** Hex SHA-256 thumbprint of the certificate's DER (sent as `x5t#S256`). */
  readonly thumbprintSha256: string;
  /** The certificate chain as PEM, leaf first, sent as `x5c` (subject name + issuer authentication). */
  readonly x5c?: string;
}

export interface ClientCertificateConnection extends ConnectionIdentity {
  readonly kind: 'clientCertificate';
  /** As read at start; a connection with `certificateFile` moves on to the file's later content. */
  readonly certificate: ClientCertificate;
  /**
   * The PEM file it was read from: read again when it changes, so a rotated certificate is used
   * without a restart (Key Vault and Kubernetes secret mounts replace the file in place).
   */
  readonly certificateFile?: { readonly path: string; readonly sendChain: boolean };
}

/** Workload identity federation: a token of another issuer (AKS, GitHub Actions) read from a file. */
export interface WorkloadIdentityConnection extends ConnectionIdentity {
  readonly kind: 'workloadIdentity';
  /** Re-read on every token request: the platform rotates it (AKS: about hourly). */
  readonly federatedTokenFile: string;
}

/** An Azure managed identity, from the platform's endpoint (App Service, IMDS, Arc...). */
export interface ManagedIdentityConnection extends ConnectionIdentity {
  readonly kind: 'managedIdentity';
  /** True when `clientId` names a user-assigned identity; false for the system-assigned one. */
  readonly userAssigned: boolean;
}

export type Connection =
  | ClientSecretConnection
  | ClientCertificateConnection
  | WorkloadIdentityConnection
  | ManagedIdentityConnection;

/** The `clientId` of a system-assigned managed identity (the name MSAL gives it too). */
export const SYSTEM_ASSIGNED_IDENTITY = 'system_assigned_managed_identity';

/**
 * What tells one credential from another of the same app: two connections with the same tenant
 * and client id but different material must never share a token. In memory only, never logged.
 */
export function credentialMaterial(connection: Connection): string {
  switch (connection.kind) {
    case 'clientCertificate':
      // The file too: each file is watched by its own token source, so two files that hold the
      // same certificate today must not share one (they may be rotated apart).
      return `certificate\n${connection.certificate.thumbprintSha256}\n${connection.certificate.privateKey}\n${connection.certificateFile?.path ?? ''}`;
    case 'workloadIdentity':
      return `workloadIdentity\n${connection.federatedTokenFile}`;
    case 'managedIdentity':
      return `managedIdentity\n${connection.userAssigned ? 'user' : 'system'}`;
    default:
      return `secret\n${connection.clientSecret}`;
  }
}

/** The client secret a connection carries, or '' (text to scrub from error messages). */
export function secretOf(connection: Connection): string {
  return connection.kind === undefined || connection.kind === 'clientSecret' ? connection.clientSecret : '';
}

/** A tenant id (GUID) or a verified domain of the tenant, e.g. `contoso.onmicrosoft.com`. */
export const TENANT_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)$';

/** A connection from the configuration, with the other tenants its app may act in without a secret of the caller's. */
export type ConfiguredConnection = Connection & {
  /**
   * Tenants (ids or verified domains) a call may name as `tenantId` and still use this
   * connection's credential: for a multi-tenant app consented in those tenants. Any other tenant, or
   * another app, needs the caller's own `clientSecret`. Never set for a managed identity.
   */
  readonly allowedTenants?: readonly string[];
};

/** Where a connection's tokens come from and where they may be sent: one cloud. */
export interface CloudEndpoints {
  /** Token authority origin, e.g. https://login.microsoftonline.com (http allowed for the emulator). */
  authorityHost: string;
  /** Graph origin, e.g. https://graph.microsoft.com. Its `/.default` scope is what tokens are asked for. */
  graphBaseUrl: string;
}
