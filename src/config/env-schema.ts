import { type Static, Type } from '@sinclair/typebox';

/**
 * Every environment variable the service reads, with its default and meaning. The README's
 * configuration table is generated from these descriptions, so this is the single source.
 */
const Bool = (description: string, defaultValue: boolean) =>
  Type.Boolean({ description, default: defaultValue });
const Millis = (description: string, defaultValue: number) =>
  Type.Integer({ description, default: defaultValue, minimum: 1, maximum: 3_600_000 });
const HttpUrl = (description: string, defaultValue: string) =>
  Type.String({ description, default: defaultValue, pattern: '^https?://[^/?#]+/?$' });

export const EnvSchema = Type.Object({
  HOST: Type.String({ description: 'Listen address.', default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({
    description: 'Listen port (0 picks a free one).',
    default: 3000,
    minimum: 0,
    maximum: 65535,
  }),
  GRAPH_MODE: Type.Optional(
    Type.Union([Type.Literal('sandbox'), Type.Literal('live')], {
      description:
        '`sandbox` starts the embedded Graph emulator and points the service at it; `live` talks to Microsoft. ' +
        'Default: `sandbox` when no AZURE_* variable is set, else `live`.',
    }),
  ),
  GRAPH_BASE_URL: HttpUrl('Graph origin (national clouds, test doubles).', 'https://graph.microsoft.com'),
  GRAPH_API_VERSION: Type.Union([Type.Literal('v1.0'), Type.Literal('beta')], {
    description: 'Graph version root: `v1.0` or `beta`.',
    default: 'v1.0',
  }),
  AUTHORITY_HOST: HttpUrl('Token authority origin.', 'https://login.microsoftonline.com'),
  AZURE_TENANT_ID: Type.Optional(
    Type.String({ description: 'Tenant of the default connection.', minLength: 1 }),
  ),
  AZURE_CLIENT_ID: Type.Optional(
    Type.String({ description: 'Application (client) id of the default connection.', minLength: 1 }),
  ),
  AZURE_CLIENT_SECRET: Type.Optional(
    Type.String({ description: 'Client secret of the default connection.', minLength: 1 }),
  ),
  CONNECTIONS_FILE: Type.Optional(
    Type.String({
      description: 'JSON file of named connections `{name: {tenantId, clientId, clientSecret}}`.',
      minLength: 1,
    }),
  ),
  ALLOW_REQUEST_CREDENTIALS: Bool(
    'Whether callers may send clientId/clientSecret/tenantId in the body.',
    true,
  ),
  API_KEYS: Type.Optional(
    Type.String({ description: 'Comma-separated keys callers present as `Authorization: Bearer <key>`.' }),
  ),
  AUTH_DISABLED: Bool('Run `live` mode without API keys (only behind another gatekeeper).', false),
  STATE_STORE_URL: Type.String({
    description: '`sqlite:<path>`, `redis://...` or `memory:`: where sync cursors are kept.',
    default: 'sqlite:./data/state.db',
    pattern: '^(sqlite:|redis://|rediss://|memory:)',
  }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { description: 'pino log level.', default: 'info' },
  ),
  BODY_LIMIT_BYTES: Type.Integer({
    description: 'Largest request body accepted (413 above).',
    default: 1_048_576,
    minimum: 1024,
    maximum: 104_857_600,
  }),
  REQUEST_TIMEOUT_MS: Millis('Overall deadline of one capability call, retries included.', 30_000),
  TOKEN_TIMEOUT_MS: Millis('Timeout of one token request to the authority.', 10_000),
  GRAPH_CONNECT_TIMEOUT_MS: Millis('TCP/TLS connect timeout to Graph and the authority.', 5_000),
  GRAPH_RESPONSE_TIMEOUT_MS: Millis('Timeout for Graph response headers, and between body chunks.', 30_000),
  GRAPH_MAX_CONNECTIONS: Type.Integer({
    description: 'Keep-alive connections per upstream origin.',
    default: 64,
    minimum: 1,
    maximum: 4096,
  }),
  SHUTDOWN_GRACE_MS: Millis(
    'How long in-flight calls may run after SIGTERM before the process exits.',
    10_000,
  ),
  SANDBOX_SEED_USERS: Type.Integer({
    description: 'Users seeded into the sandbox demo tenant.',
    default: 60,
    minimum: 0,
    maximum: 200_000,
  }),
});

export type Env = Static<typeof EnvSchema>;
