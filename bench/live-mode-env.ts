/**
 * The settings that run the service in live mode against an emulator (Graph, and the authority
 * when it is not given apart), with one connection's credentials: what every bench, soak and
 * script that spawns the service sets before its own.
 */
interface Credentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export function liveModeEnv(
  graphOrigin: string,
  connection: Credentials | undefined,
  authorityOrigin = graphOrigin,
): Record<string, string> {
  return {
    GRAPH_MODE: 'live',
    GRAPH_BASE_URL: graphOrigin,
    AUTHORITY_HOST: authorityOrigin,
    ...connectionEnv(connection),
  };
}

/** The default connection's variables; none without one (callers then bring their own). */
export function connectionEnv(connection: Credentials | undefined): Record<string, string> {
  return connection
    ? {
        AZURE_TENANT_ID: connection.tenantId,
        AZURE_CLIENT_ID: connection.clientId,
        AZURE_CLIENT_SECRET: connection.clientSecret,
      }
    : {};
}
