import {
  type ConnectionPolicy,
  type ConnectionProof,
  resolveConnection,
  suppliedByRequest,
} from './resolve-connection.js';

/** A request naming whose state it reaches: a connection or tenant and client ids, maybe a secret. */
export interface ScopedRequest {
  query: { connection?: string; tenantId?: string; clientId?: string };
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The (tenant, client id) whose stored state (sync cursors, workflow runs) a request may reach,
 * decided as for a capability call: the named or default connection, with a tenant from its
 * allowedTenants; any other tenant or app only with its own secret (header X-Client-Secret, never
 * the URL), proven by acquiring a token before anything of that state is read. Ids alone, which
 * are public, reach nothing.
 */
export async function provenScope(
  request: ScopedRequest,
  options: { connections: ConnectionPolicy; proveConnection: ConnectionProof },
): Promise<{ tenantId: string; clientId: string }> {
  const secret = request.headers['x-client-secret'];
  const { connection: name, tenantId, clientId } = request.query;
  const input = {
    ...(name === undefined ? {} : { connection: name }),
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(clientId === undefined ? {} : { clientId }),
    ...(typeof secret === 'string' && secret !== '' ? { clientSecret: secret } : {}),
  };
  const connection = resolveConnection(input, options.connections);
  if (suppliedByRequest(input)) await options.proveConnection(connection);
  return { tenantId: connection.tenantId.toLowerCase(), clientId: connection.clientId };
}
