/** The app registration a Graph call acts as (client-credentials grant). */
export interface Connection {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Where a connection's tokens come from and where they may be sent: one cloud. */
export interface CloudEndpoints {
  /** Token authority origin, e.g. https://login.microsoftonline.com (http allowed for the emulator). */
  authorityHost: string;
  /** Graph origin, e.g. https://graph.microsoft.com. Its `/.default` scope is what tokens are asked for. */
  graphBaseUrl: string;
}
