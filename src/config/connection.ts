/** The app registration a Graph call acts as (client-credentials grant). */
export interface Connection {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A tenant id (GUID) or a verified domain of the tenant, e.g. `contoso.onmicrosoft.com`. */
export const TENANT_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)$';

/** A connection from the configuration, with the other tenants its app may act in without a secret of the caller's. */
export interface ConfiguredConnection extends Connection {
  /**
   * Tenants (ids or verified domains) a call may name as `tenantId` and still use this
   * connection's secret: for a multi-tenant app consented in those tenants. Any other tenant, or
   * another app, needs the caller's own `clientSecret`.
   */
  readonly allowedTenants?: readonly string[];
}

/** Where a connection's tokens come from and where they may be sent: one cloud. */
export interface CloudEndpoints {
  /** Token authority origin, e.g. https://login.microsoftonline.com (http allowed for the emulator). */
  authorityHost: string;
  /** Graph origin, e.g. https://graph.microsoft.com. Its `/.default` scope is what tokens are asked for. */
  graphBaseUrl: string;
}
