import type { ConfiguredConnection, Connection } from '../config/connection.js';
import { badRequest } from '../errors/problem.js';
import type { FieldProblem } from '../errors/service-error.js';

export interface ConnectionPolicy {
  defaultConnection?: ConfiguredConnection;
  connections: Record<string, ConfiguredConnection>;
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
 * credential fields from the body laid over it. A body may send its own secret with any tenant and
 * app; without one it may only name a tenant the connection's `allowedTenants` lists (a multi-tenant
 * app), never another app: a configured secret is sent to no tenant or app its operator did not name.
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
  const base: ConfiguredConnection | undefined =
    input.connection === undefined ? policy.defaultConnection : namedConnection(policy, input.connection);
  // The configured object itself when the body overrides nothing: the token provider remembers
  // what it derived from a connection object, so the common case costs no hashing per call.
  if (sentCredentials.length === 0 && base !== undefined) return base;
  if (input.clientSecret === undefined && base !== undefined) {
    // The connection's own credential (secret, certificate, federated token, managed identity),
    // for its own app, in its tenant or one of its allowedTenants.
    refuseBorrowing(input, base);
    const { allowedTenants: _configOnly, ...credential } = base;
    return {
      ...credential,
      tenantId: input.tenantId ?? base.tenantId,
      clientId: input.clientId ?? base.clientId,
    };
  }
  const merged = {
    tenantId: input.tenantId ?? base?.tenantId,
    clientId: input.clientId ?? base?.clientId,
    clientSecret: input.clientSecret,
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

/** Proves a connection by acquiring a token for it; rejects with the identity error when it cannot. */
export type ConnectionProof = (connection: Connection) => Promise<void>;

/**
 * Whether the connection's secret came from the request rather than the configuration: such
 * credentials are only believed once a token was acquired with them (see ConnectionProof).
 */
export function suppliedByRequest(input: CredentialInput): boolean {
  return input.clientSecret !== undefined;
}

/**
 * The configured connection called `name`. Own properties only: `constructor` or `__proto__` are
 * names like any other, not a way into Object.prototype.
 */
export function namedConnection(policy: ConnectionPolicy, name: string): ConfiguredConnection {
  if (!Object.hasOwn(policy.connections, name)) {
    throw badRequest('UNKNOWN_CONNECTION', `No connection named '${name.slice(0, 64)}' is configured.`, [
      { path: '/connection', message: 'is not a configured connection' },
    ]);
  }
  return policy.connections[name]!;
}

/** Without a secret of its own, a body may not move the connection's credential to another app or tenant. */
function refuseBorrowing(input: CredentialInput, base: ConfiguredConnection): void {
  const problems: FieldProblem[] = [];
  if (input.clientId !== undefined && input.clientId.toLowerCase() !== base.clientId.toLowerCase()) {
    problems.push({
      path: '/clientId',
      message: "another app needs its own clientSecret; the connection's is not sent for it",
    });
  }
  if (input.tenantId !== undefined && !tenantAllowed(input.tenantId, base)) {
    problems.push({
      path: '/tenantId',
      message: "is not the connection's tenant nor one of its allowedTenants; send clientSecret for it",
    });
  }
  if (problems.length > 0) {
    throw badRequest(
      'CONNECTION_OVERRIDE_FORBIDDEN',
      "The body names a tenant or app the connection's secret may not be used for.",
      problems,
    );
  }
}

function tenantAllowed(tenantId: string, base: ConfiguredConnection): boolean {
  const wanted = tenantId.toLowerCase();
  return (
    wanted === base.tenantId.toLowerCase() ||
    (base.allowedTenants ?? []).some((t) => t.toLowerCase() === wanted)
  );
}
