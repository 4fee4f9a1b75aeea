import type { Connection } from '../config/connection.js';
import { badRequest } from '../errors/problem.js';

export interface ConnectionPolicy {
  defaultConnection?: Connection;
  connections: Record<string, Connection>;
  allowRequestCredentials: boolean;
}

export interface CredentialInput {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  connection?: string;
}

/**
 * Which app registration a call acts as: the named connection, else the default one, with any
 * credential fields from the body laid over it (so a multi-tenant app can name just `tenantId`).
 */
export function resolveConnection(input: CredentialInput, policy: ConnectionPolicy): Connection {
  const sentCredentials = (['clientId', 'clientSecret', 'tenantId'] as const).filter(
    (f) => input[f] !== undefined,
  );
  if (sentCredentials.length > 0 && !policy.allowRequestCredentials) {
    throw badRequest(
      'REQUEST_CREDENTIALS_FORBIDDEN',
      'This service does not accept credentials in the request body; use a configured connection.',
      sentCredentials.map((field) => ({
        path: `/${field}`,
        message: 'credentials in the body are not allowed here',
      })),
    );
  }
  let base: Partial<Connection> = policy.defaultConnection ?? {};
  if (input.connection !== undefined) {
    const named = policy.connections[input.connection];
    if (!named) {
      throw badRequest('UNKNOWN_CONNECTION', `No connection named '${input.connection}' is configured.`, [
        { path: '/connection', message: 'is not a configured connection' },
      ]);
    }
    base = named;
  }
  // The configured object itself when the body overrides nothing: the token provider remembers
  // what it derived from a connection object, so the common case costs no hashing per call.
  if (sentCredentials.length === 0 && base.tenantId && base.clientId && base.clientSecret) {
    return base as Connection;
  }
  const merged = {
    tenantId: input.tenantId ?? base.tenantId,
    clientId: input.clientId ?? base.clientId,
    clientSecret: input.clientSecret ?? base.clientSecret,
  };
  const missing = (['tenantId', 'clientId', 'clientSecret'] as const).filter((field) => !merged[field]);
  if (missing.length > 0) {
    throw badRequest(
      'CONNECTION_REQUIRED',
      'No connection is configured for this call: send clientId, clientSecret and tenantId, or name a connection.',
      missing.map((field) => ({ path: `/${field}`, message: 'is required when no connection provides it' })),
    );
  }
  return merged as Connection;
}
