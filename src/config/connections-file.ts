import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readClientCertificate } from './client-certificate.js';
import { type ConfiguredConnection, TENANT_PATTERN } from './connection.js';
import { CONNECTION_KINDS } from './connection-kind.js';
import { ConnectionSpecError, connectionFromSpec } from './connection-spec.js';

const Text = Type.String({ minLength: 1 });

/**
 * `{name: {kind?, tenantId, clientId?, clientSecret? | certificatePath? (+ sendCertificateChain?) |
 * federatedTokenFile?, allowedTenants?}}`; which fields each kind needs is checked by
 * connectionFromSpec, as for the AZURE_* variables.
 */
const ConnectionsFileSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
  Type.Object(
    {
      kind: Type.Optional(Type.Union(CONNECTION_KINDS.map((kind) => Type.Literal(kind)))),
      tenantId: Text,
      clientId: Type.Optional(Text),
      clientSecret: Type.Optional(Text),
      certificatePath: Type.Optional(Text),
      sendCertificateChain: Type.Optional(Type.Boolean()),
      federatedTokenFile: Type.Optional(Text),
      allowedTenants: Type.Optional(Type.Array(Type.String({ pattern: TENANT_PATTERN }), { maxItems: 1000 })),
    },
    { additionalProperties: false },
  ),
);

/** Parses CONNECTIONS_FILE's JSON. Error messages name the connection and field, never a secret. */
export function parseConnectionsFile(
  text: string,
  readCertificate = readClientCertificate,
): Record<string, ConfiguredConnection> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  const error = Value.Errors(ConnectionsFileSchema, data).First();
  if (error) throw new Error(`${error.path || '/'}: ${error.message}`);
  const specs = data as Record<string, Record<string, unknown>>;
  const connections: Record<string, ConfiguredConnection> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const names = Object.fromEntries(
      [
        'kind',
        'tenantId',
        'clientId',
        'clientSecret',
        'certificatePath',
        'sendCertificateChain',
        'federatedTokenFile',
        'allowedTenants',
      ].map((field) => [field, `/${name}/${field}`]),
    ) as Parameters<typeof connectionFromSpec>[1];
    try {
      connections[name] = connectionFromSpec(spec, names, readCertificate);
    } catch (err) {
      if (err instanceof ConnectionSpecError) throw new Error(`${err.field}: ${err.message}`);
      throw err;
    }
  }
  return connections;
}
