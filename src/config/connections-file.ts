import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type ConfiguredConnection, TENANT_PATTERN } from './connection.js';

const ConnectionsFileSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
  Type.Object(
    {
      tenantId: Type.String({ minLength: 1 }),
      clientId: Type.String({ minLength: 1 }),
      clientSecret: Type.String({ minLength: 1 }),
      allowedTenants: Type.Optional(Type.Array(Type.String({ pattern: TENANT_PATTERN }), { maxItems: 1000 })),
    },
    { additionalProperties: false },
  ),
);

/** Parses CONNECTIONS_FILE's JSON. Error messages name the connection and field, never a secret. */
export function parseConnectionsFile(text: string): Record<string, ConfiguredConnection> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  const error = Value.Errors(ConnectionsFileSchema, data).First();
  if (error) throw new Error(`${error.path || '/'}: ${error.message}`);
  return data as Record<string, ConfiguredConnection>;
}
