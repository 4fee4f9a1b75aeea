import { readFileSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { AppConfig } from './app-config.js';
import { type CloudName, resolveCloud } from './cloud-presets.js';
import { ConfigError } from './config-error.js';
import type { ConfiguredConnection } from './connection.js';
import { ConnectionSpecError, connectionFromSpec, type SpecFieldNames } from './connection-spec.js';
import { parseConnectionsFile } from './connections-file.js';
import { type Env, EnvSchema } from './env-schema.js';

const NO_DEFAULT_CONNECTION = 'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not set';

/** Secret-bearing variables: their values never appear in an error message. */
const SECRET_VARIABLES = new Set(['AZURE_CLIENT_SECRET', 'API_KEYS', 'STATE_STORE_URL']);

/**
 * Reads and validates the environment once, at start. The only module that looks at process.env.
 * Throws ConfigError naming the first bad variable.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(environment);
  const defaultConnection = readDefaultConnection(env);
  const mode = env.GRAPH_MODE ?? (hasAzureVariables(env) ? 'live' : 'sandbox');
  const apiKeys = (env.API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  if (mode === 'live' && !defaultConnection && !env.CONNECTIONS_FILE && !env.ALLOW_REQUEST_CREDENTIALS) {
    throw new ConfigError(
      'AZURE_TENANT_ID',
      `live mode has no connection to act with: ${NO_DEFAULT_CONNECTION}, there is no CONNECTIONS_FILE, and ALLOW_REQUEST_CREDENTIALS=false forbids callers to send their own`,
    );
  }
  if (mode === 'live' && apiKeys.length === 0 && !env.AUTH_DISABLED) {
    throw new ConfigError(
      'API_KEYS',
      'required in live mode (or set AUTH_DISABLED=true behind another gatekeeper)' +
        (defaultConnection
          ? ''
          : `; note also that ${NO_DEFAULT_CONNECTION}, so there is no default connection`),
    );
  }
  if (apiKeys.some((key) => key.length < 16)) {
    throw new ConfigError('API_KEYS', 'every key must be at least 16 characters long');
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS}): the headers are part of the request`,
    );
  }
  const connections = env.CONNECTIONS_FILE ? readConnectionsFile(env.CONNECTIONS_FILE) : {};
  if (defaultConnection && Object.hasOwn(connections, 'default')) {
    throw new ConfigError(
      'CONNECTIONS_FILE',
      "names a connection 'default', the name GET /connections gives the one from AZURE_*; rename it",
    );
  }
  return {
    host: env.HOST,
    port: env.PORT,
    mode,
    cloud: resolveCloud({
      cloud: env.AZURE_CLOUD as CloudName,
      graphBaseUrl: env.GRAPH_BASE_URL,
      authorityHost: env.AUTHORITY_HOST,
    }),
    graphApiVersion: env.GRAPH_API_VERSION,
    defaultConnection,
    connections,
    allowRequestCredentials: env.ALLOW_REQUEST_CREDENTIALS,
    apiKeys,
    authDisabled: env.AUTH_DISABLED,
    stateStoreUrl: env.STATE_STORE_URL,
    logLevel: env.LOG_LEVEL,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    httpRequestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    httpHeadersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    httpKeepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    httpMaxConnections: env.HTTP_MAX_CONNECTIONS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    tokenTimeoutMs: env.TOKEN_TIMEOUT_MS,
    graphConnectTimeoutMs: env.GRAPH_CONNECT_TIMEOUT_MS,
    graphResponseTimeoutMs: env.GRAPH_RESPONSE_TIMEOUT_MS,
    graphMaxConnections: env.GRAPH_MAX_CONNECTIONS,
    graphRetry: {
      maxRetries: env.GRAPH_MAX_RETRIES,
      maxTotalWaitMs: env.GRAPH_MAX_RETRY_WAIT_MS,
      baseDelayMs: env.GRAPH_RETRY_BASE_DELAY_MS,
      maxDelayMs: env.GRAPH_RETRY_MAX_DELAY_MS,
    },
    graphTenantConcurrency: env.GRAPH_TENANT_CONCURRENCY,
    graphTenantQueueLimit: env.GRAPH_TENANT_QUEUE_LIMIT,
    graphTenantBudgetPer10s: env.GRAPH_TENANT_BUDGET_PER_10S,
    batchGraphConcurrency: env.BATCH_GRAPH_CONCURRENCY,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    idempotencyRetentionMs: env.IDEMPOTENCY_RETENTION_MS,
    auditRetentionMs: env.AUDIT_RETENTION_MS,
    workflowRunRetentionMs: env.WORKFLOW_RUN_RETENTION_MS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    sandboxSeedUsers: env.SANDBOX_SEED_USERS,
    tracing: {
      exporter: env.OTEL_SDK_DISABLED ? 'none' : (env.OTEL_TRACES_EXPORTER as 'otlp' | 'console' | 'none'),
      serviceName: env.OTEL_SERVICE_NAME,
    },
  };
}

function parseEnv(environment: NodeJS.ProcessEnv): Env {
  // Only our variables, and an empty value counts as unset (docker-compose writes `X=` for blanks).
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = environment[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const withDefaults = Value.Default(EnvSchema, raw);
  const converted = Value.Convert(EnvSchema, withDefaults);
  const firstError = Value.Errors(EnvSchema, converted).First();
  if (firstError) {
    const variable = firstError.path.split('/')[1] ?? 'environment';
    const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(raw[variable])})`;
    const allowed = allowedValues(EnvSchema.properties[variable as keyof Env]);
    // "Expected union value" says nothing a person can act on: name the values instead.
    const problem = allowed ? `must be one of ${allowed.join(', ')}` : firstError.message;
    throw new ConfigError(variable, `${problem}${shown}`);
  }
  return converted as Env;
}

/** The values a variable takes when its schema is a list of literals (GRAPH_MODE, LOG_LEVEL, ...). */
function allowedValues(schema: TSchema | undefined): string[] | undefined {
  const options = (schema as { anyOf?: Array<{ const?: unknown }> } | undefined)?.anyOf;
  if (!options?.every((option) => option.const !== undefined)) return undefined;
  return options.map((option) => String(option.const));
}

/** Variables that describe the default connection: any of them set means one is meant (and live mode). */
const CONNECTION_VARIABLES = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_CREDENTIAL_KIND',
] as const;

function hasAzureVariables(env: Env): boolean {
  return CONNECTION_VARIABLES.some((name) => Boolean(env[name]));
}

const ENV_FIELD_NAMES: SpecFieldNames = {
  kind: 'AZURE_CREDENTIAL_KIND',
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  sendCertificateChain: 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN',
  federatedTokenFile: 'AZURE_FEDERATED_TOKEN_FILE',
  allowedTenants: 'AZURE_ALLOWED_TENANTS',
};

function readDefaultConnection(env: Env): ConfiguredConnection | undefined {
  if (!hasAzureVariables(env)) {
    if (env.AZURE_ALLOWED_TENANTS) {
      throw new ConfigError(
        'AZURE_ALLOWED_TENANTS',
        'extends the default connection, so it needs AZURE_TENANT_ID, AZURE_CLIENT_ID and a credential (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE)',
      );
    }
    return undefined;
  }
  const kind = env.AZURE_CREDENTIAL_KIND;
  // An explicit kind uses only its own credential variable: AKS may inject AZURE_FEDERATED_TOKEN_FILE
  // into a pod that is meant to use its managed identity or a certificate.
  const uses = (wanted: string) => kind === undefined || kind === wanted;
  const allowedTenants = (env.AZURE_ALLOWED_TENANTS ?? '')
    .split(',')
    .map((tenant) => tenant.trim())
    .filter((tenant) => tenant !== '');
  try {
    return connectionFromSpec(
      {
        ...(kind ? { kind } : {}),
        ...(env.AZURE_TENANT_ID ? { tenantId: env.AZURE_TENANT_ID } : {}),
        ...(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}),
        ...(env.AZURE_CLIENT_SECRET && uses('clientSecret') ? { clientSecret: env.AZURE_CLIENT_SECRET } : {}),
        ...(env.AZURE_CLIENT_CERTIFICATE_PATH && uses('clientCertificate')
          ? { certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH }
          : {}),
        sendCertificateChain: env.AZURE_CLIENT_SEND_CERTIFICATE_CHAIN,
        ...(env.AZURE_FEDERATED_TOKEN_FILE && uses('workloadIdentity')
          ? { federatedTokenFile: env.AZURE_FEDERATED_TOKEN_FILE }
          : {}),
        ...(allowedTenants.length > 0 ? { allowedTenants } : {}),
      },
      ENV_FIELD_NAMES,
    );
  } catch (error) {
    if (!(error instanceof ConnectionSpecError)) throw error;
    const detail =
      error.message === 'is required for a clientSecret connection'
        ? 'required when any AZURE_* variable is set (or set AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or AZURE_CREDENTIAL_KIND=managedIdentity)'
        : error.message;
    throw new ConfigError(error.field, detail);
  }
}

function readConnectionsFile(path: string): Record<string, ConfiguredConnection> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'CONNECTIONS_FILE',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  try {
    return parseConnectionsFile(text);
  } catch (error) {
    throw new ConfigError('CONNECTIONS_FILE', (error as Error).message);
  }
}
