import { type Static, Type } from '@sinclair/typebox';

/**
 * Every environment variable the service reads, with its default and meaning. The README's
 * configuration table is generated from these descriptions, so this is the single source.
 */
const Bool = (description: string, defaultValue: boolean) =>
  Type.Boolean({ description, default: defaultValue });
const Millis = (description: string, defaultValue: number) =>
  Type.Integer({ description, default: defaultValue, minimum: 1, maximum: 3_600_000 });
/** No default: when unset, the AZURE_CLOUD preset decides (see cloud-presets.ts). */
const HttpUrl = (description: string) =>
  Type.Optional(Type.String({ description, pattern: '^https?://[^/?#]+/?$' }));

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
  AZURE_CLOUD: Type.Union(
    ['public', 'usgov', 'usgov-dod', 'china'].map((cloud) => Type.Literal(cloud)),
    {
      description:
        'Microsoft cloud whose authority and Graph origins are used: `public` (graph.microsoft.com), `usgov` ' +
        '(GCC High, graph.microsoft.us), `usgov-dod` (dod-graph.microsoft.us) or `china` (21Vianet). ' +
        "GRAPH_BASE_URL / AUTHORITY_HOST override it, but may not name another Microsoft cloud's origin.",
      default: 'public',
    },
  ),
  GRAPH_BASE_URL: HttpUrl(
    'Graph origin (test doubles, proxies). Default: the AZURE_CLOUD preset, e.g. `https://graph.microsoft.com`.',
  ),
  GRAPH_API_VERSION: Type.Union([Type.Literal('v1.0'), Type.Literal('beta')], {
    description: 'Graph version root: `v1.0` or `beta`.',
    default: 'v1.0',
  }),
  AUTHORITY_HOST: HttpUrl(
    'Token authority origin. Default: the AZURE_CLOUD preset, e.g. `https://login.microsoftonline.com`.',
  ),
  AZURE_TENANT_ID: Type.Optional(
    Type.String({ description: 'Tenant of the default connection.', minLength: 1 }),
  ),
  AZURE_CREDENTIAL_KIND: Type.Optional(
    Type.Union(
      ['clientSecret', 'clientCertificate', 'workloadIdentity', 'managedIdentity'].map((kind) =>
        Type.Literal(kind),
      ),
      {
        description:
          'How the default connection proves itself: `clientSecret`, `clientCertificate`, `workloadIdentity` or ' +
          '`managedIdentity`. Default: the kind whose variable is set (AZURE_CLIENT_SECRET, ' +
          'AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE); `managedIdentity` is always named, and so is ' +
          'the kind when more than one of those is set.',
      },
    ),
  ),
  AZURE_CLIENT_ID: Type.Optional(
    Type.String({
      description:
        'Application (client) id of the default connection; for a managed identity, the user-assigned ' +
        "identity's client id (unset: the system-assigned identity).",
      minLength: 1,
    }),
  ),
  AZURE_CLIENT_SECRET: Type.Optional(
    Type.String({ description: 'Client secret of the default connection.', minLength: 1 }),
  ),
  AZURE_CLIENT_CERTIFICATE_PATH: Type.Optional(
    Type.String({
      description:
        "PEM file with the default connection's certificate and its unencrypted RSA private key (checked at start, and read again before a token request when it has changed, so a rotated file is used without a restart); " +
        'MSAL signs client assertions with it (PS256, SHA-256 thumbprint).',
      minLength: 1,
    }),
  ),
  AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: Bool(
    'Send the certificate chain (`x5c`) with each assertion: for subject name + issuer authentication.',
    false,
  ),
  AZURE_FEDERATED_TOKEN_FILE: Type.Optional(
    Type.String({
      description:
        'File holding a federated token (workload identity: AKS sets it, or a GitHub Actions OIDC token written ' +
        'to a file), read again for every token request, so a rotated file is picked up.',
      minLength: 1,
    }),
  ),
  AZURE_ALLOWED_TENANTS: Type.Optional(
    Type.String({
      description:
        "Comma-separated tenant ids or verified domains a call may name as `tenantId` and still act with the default connection's credential (a multi-tenant app; not for a managed identity). Any other tenant, or another `clientId`, needs the caller's own `clientSecret`.",
    }),
  ),
  CONNECTIONS_FILE: Type.Optional(
    Type.String({
      description:
        'JSON file of named connections `{name: {kind?, tenantId, clientId?, clientSecret? | certificatePath? (sendCertificateChain?) | federatedTokenFile?, allowedTenants?}}`, each field as its AZURE_* variable for the default connection.',
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
  HTTP_REQUEST_TIMEOUT_MS: Millis(
    'Longest time a client may take to send one whole request (headers and body); then 408 REQUEST_TIMEOUT and the connection is closed.',
    30_000,
  ),
  HTTP_HEADERS_TIMEOUT_MS: Millis(
    'Longest time a client may take to send the headers of one request (at most HTTP_REQUEST_TIMEOUT_MS).',
    10_000,
  ),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: Millis(
    'How long an idle keep-alive connection stays open; keep it longer than the idle timeout of a load balancer in front.',
    72_000,
  ),
  HTTP_MAX_CONNECTIONS: Type.Integer({
    description: 'Client connections open at once; further connections are closed as they arrive.',
    default: 1024,
    minimum: 1,
    maximum: 1_000_000,
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
  GRAPH_MAX_RETRIES: Type.Integer({
    description: 'Retries of one Graph call after its first attempt (429, 503, 504, connection errors).',
    default: 3,
    minimum: 0,
    maximum: 20,
  }),
  GRAPH_MAX_RETRY_WAIT_MS: Millis(
    'Total time one Graph call may spend waiting between retries; a longer Retry-After ends the retries.',
    30_000,
  ),
  GRAPH_RETRY_BASE_DELAY_MS: Millis(
    'First backoff ceiling when Graph sends no Retry-After (doubles per retry).',
    500,
  ),
  GRAPH_RETRY_MAX_DELAY_MS: Millis(
    'Cap of one backoff step without Retry-After (Retry-After itself is never cut).',
    8_000,
  ),
  GRAPH_TENANT_CONCURRENCY: Type.Integer({
    // 32 at Graph's usual 100-200 ms is 150-300 calls/s: below a large tenant's resource-unit budget
    // (https://learn.microsoft.com/graph/throttling-limits), far above what one tenant should take from a
    // shared instance.
    description: 'Graph calls one tenant may have in flight at once; more wait in a FIFO queue.',
    default: 32,
    minimum: 1,
    maximum: 1024,
  }),
  GRAPH_TENANT_QUEUE_LIMIT: Type.Integer({
    description:
      "Graph calls that may wait for one tenant's slots; beyond it the call fails fast with 503 TENANT_QUEUE_FULL and Retry-After.",
    default: 256,
    minimum: 0,
    maximum: 100_000,
  }),
  GRAPH_TENANT_BUDGET_PER_10S: Type.Integer({
    // https://learn.microsoft.com/graph/throttling-limits#identity-and-access-service-limits
    description:
      'Graph requests (each item of a `$batch` counts) one app may send to one tenant in any 10 s; beyond it a call ' +
      "waits for room (within REQUEST_TIMEOUT_MS, else 429 GRAPH_THROTTLED) instead of collecting Graph's 429. " +
      'With a redis:// STATE_STORE_URL the budget is shared by all replicas (per replica while Redis is down). The ' +
      "default (1,750) is Graph's smallest budget for one app in one tenant (3,500 resource units per 10 s, tenants " +
      'under 50 users) at 2 units a request, the cost of reading users; tenants of 50 to 500 users have 5,000 units ' +
      '(2,500), larger ones 8,000 (4,000). 0 turns the budget off.',
    default: 1_750,
    minimum: 0,
    maximum: 1_000_000,
  }),
  BATCH_GRAPH_CONCURRENCY: Type.Integer({
    description:
      "Graph `$batch` requests (of up to 20 items) one `POST /batch` call has in flight at once; each takes one of its tenant's GRAPH_TENANT_CONCURRENCY slots.",
    default: 4,
    minimum: 1,
    maximum: 64,
  }),
  IDEMPOTENCY_RETENTION_MS: Type.Integer({
    description:
      'How long the outcome of a call sent with an `Idempotency-Key` is kept and replayed to repeats (24 h; at most 30 days).',
    default: 86_400_000,
    minimum: 1000,
    maximum: 2_592_000_000,
  }),
  AUDIT_RETENTION_MS: Type.Integer({
    description:
      'How long the audit trail (GET /audit: who changed what, when, with what outcome) is kept in the state store (30 days; at most 400).',
    default: 2_592_000_000,
    minimum: 60_000,
    maximum: 34_560_000_000,
  }),
  WORKFLOW_RUN_RETENTION_MS: Type.Integer({
    description:
      'How long a workflow run (its steps, their outcomes, and the Idempotency-Key that started it) is kept after its last change (30 days; at most 400).',
    default: 2_592_000_000,
    minimum: 60_000,
    maximum: 34_560_000_000,
  }),
  SHUTDOWN_GRACE_MS: Millis(
    'How long in-flight calls may run after SIGTERM before the process exits.',
    10_000,
  ),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    description:
      'Requests one API key (or, without keys, one client address) may make per minute; 429 with Retry-After ' +
      'above. 0 turns the limit off. Probes are not counted. With a redis:// STATE_STORE_URL the budget is shared ' +
      'by all replicas (per replica while Redis is down). The default (60,000, 1,000 a second) guards against ' +
      'runaway callers, not normal load: it sits above the most Microsoft Graph lets one app do in one tenant ' +
      '(Entra ID: 3,500, 5,000 or 8,000 resource units per 10 s for tenants of under 50, up to 500 and over 500 ' +
      'users; a call costs at least 1 unit, so at most 48,000 calls a minute; writes 3,000 per 150 s). A sync ' +
      "backend working one tenant meets Graph's own throttling first (429 with Retry-After, waited out and retried " +
      'here), never this limit; what this limit stops is a loop faster than Graph could serve, including calls ' +
      'that never reach Graph (refused input, replays, cursors, audit). A key that works many tenants at full ' +
      'speed may need more.',
    default: 60_000,
    minimum: 0,
    maximum: 1_000_000,
  }),
  OTEL_TRACES_EXPORTER: Type.Union([Type.Literal('otlp'), Type.Literal('console'), Type.Literal('none')], {
    description:
      'OpenTelemetry traces: `none` (off: no OpenTelemetry module is loaded), `otlp` (OTLP over HTTP/protobuf to ' +
      'OTEL_EXPORTER_OTLP_ENDPOINT) or `console` (stdout, for a look during development). The SDK reads the other ' +
      'standard OTEL_* variables itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ' +
      'OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES).',
    default: 'none',
  }),
  OTEL_SDK_DISABLED: Bool(
    '`true` turns OpenTelemetry off whatever OTEL_TRACES_EXPORTER says (the standard switch).',
    false,
  ),
  OTEL_SERVICE_NAME: Type.String({
    description: 'The `service.name` resource attribute of every span.',
    default: 'entra-user-management',
    minLength: 1,
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      description:
        "Base URL of the OTLP/HTTP collector; spans go to `<endpoint>/v1/traces`. Default (the SDK's): `http://localhost:4318`.",
      pattern: '^https?://',
    }),
  ),
  SANDBOX_SEED_USERS: Type.Integer({
    description: 'Users seeded into the sandbox demo tenant.',
    default: 60,
    minimum: 0,
    maximum: 200_000,
  }),
});

export type Env = Static<typeof EnvSchema>;
