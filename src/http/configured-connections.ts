import type { ConfiguredConnection } from '../config/connection.js';
import { problem } from '../errors/problem.js';
import type { ConnectionPolicy } from './resolve-connection.js';

/** The name GET /connections and /connections/{name}/check give the connection from AZURE_*. */
export const DEFAULT_CONNECTION_NAME = 'default';

export interface NamedConnection {
  name: string;
  isDefault: boolean;
  connection: ConfiguredConnection;
}

/** The default connection (when configured) first, then CONNECTIONS_FILE's in the file's order. */
export function configuredConnections(policy: ConnectionPolicy): NamedConnection[] {
  const named = Object.entries(policy.connections)
    // load-config refuses a file entry called `default` beside AZURE_*; the sandbox's default wins.
    .filter(([name]) => !(policy.defaultConnection && name === DEFAULT_CONNECTION_NAME))
    .map(([name, connection]) => ({ name, isDefault: false, connection }));
  return policy.defaultConnection
    ? [{ name: DEFAULT_CONNECTION_NAME, isDefault: true, connection: policy.defaultConnection }, ...named]
    : named;
}

/** The configured connection called `name`, or 404 CONNECTION_NOT_FOUND naming it. */
export function configuredConnection(policy: ConnectionPolicy, name: string): NamedConnection {
  const found = configuredConnections(policy).find((entry) => entry.name === name);
  if (!found) {
    throw problem('CONNECTION_NOT_FOUND', `No connection named '${name.slice(0, 64)}' is configured.`);
  }
  return found;
}
