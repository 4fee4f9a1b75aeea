import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configErrorFor } from '../helpers/config-error-for.js';

const LIVE = {
  AZURE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  AZURE_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
  AZURE_CLIENT_SECRET: 'very-secret-value~123',
  API_KEYS: 'key-one-0123456789abcdef,key-two-0123456789abcdef',
};

describe('loadConfig', () => {
  it('defaults to the sandbox on loopback when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'sandbox',
      host: '127.0.0.1',
      port: 3000,
      graphApiVersion: 'v1.0',
      stateStoreUrl: 'sqlite:./data/state.db',
      allowRequestCredentials: true,
      cloud: {
        graphBaseUrl: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
      },
    });
    expect(config.defaultConnection).toBeUndefined();
  });

  it('leaves tracing off unless OTEL_TRACES_EXPORTER asks, and OTEL_SDK_DISABLED wins', () => {
    expect(loadConfig({}).tracing).toEqual({ exporter: 'none', serviceName: 'entra-user-management' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'users-eu' }).tracing).toEqual({
      exporter: 'otlp',
      serviceName: 'users-eu',
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }).tracing.exporter).toBe(
      'none',
    );
    const error = configErrorFor({ OTEL_TRACES_EXPORTER: 'zipkin' });
    expect(error.variable).toBe('OTEL_TRACES_EXPORTER');
    expect(error.message).toContain('must be one of otlp, console, none');
    expect(configErrorFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).variable).toBe(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
    );
  });

  it('goes live with the AZURE_* default connection and parses API keys', () => {
    const config = loadConfig({ ...LIVE, PORT: '8080', ALLOW_REQUEST_CREDENTIALS: 'false' });
    expect(config.mode).toBe('live');
    expect(config.port).toBe(8080);
    expect(config.allowRequestCredentials).toBe(false);
    expect(config.apiKeys).toEqual(['key-one-0123456789abcdef', 'key-two-0123456789abcdef']);
    expect(config.defaultConnection?.tenantId).toBe(LIVE.AZURE_TENANT_ID);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GRAPH_MODE: 'prod' }, 'GRAPH_MODE'],
    [{ GRAPH_BASE_URL: 'graph.microsoft.com' }, 'GRAPH_BASE_URL'],
    [{ GRAPH_API_VERSION: 'v2' }, 'GRAPH_API_VERSION'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ STATE_STORE_URL: 'mysql://x' }, 'STATE_STORE_URL'],
    [{ ALLOW_REQUEST_CREDENTIALS: 'maybe' }, 'ALLOW_REQUEST_CREDENTIALS'],
    [{ AZURE_TENANT_ID: LIVE.AZURE_TENANT_ID }, 'AZURE_CLIENT_ID'],
    [{ ...LIVE, API_KEYS: '' }, 'API_KEYS'],
    [{ ...LIVE, API_KEYS: 'short' }, 'API_KEYS'],
    [{ CONNECTIONS_FILE: '/nonexistent/connections.json' }, 'CONNECTIONS_FILE'],
  ])('rejects %j naming %s', (env, variable) => {
    const error = configErrorFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });

  it.each([
    [{ GRAPH_MODE: 'Live' }, 'GRAPH_MODE: must be one of sandbox, live (got "Live")'],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    [{ AZURE_CLOUD: 'europe' }, 'AZURE_CLOUD: must be one of public, usgov, usgov-dod, china (got "europe")'],
  ])('names the allowed values of %j', (env, message) => {
    expect(configErrorFor(env).message).toBe(message);
  });

  it('live mode without AZURE_* names the missing variables', () => {
    const noKeys = configErrorFor({ GRAPH_MODE: 'live' });
    expect(noKeys.variable).toBe('API_KEYS');
    expect(noKeys.message).toContain('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not set');
    const noWayToConnect = configErrorFor({
      GRAPH_MODE: 'live',
      API_KEYS: LIVE.API_KEYS,
      ALLOW_REQUEST_CREDENTIALS: 'false',
    });
    expect(noWayToConnect.variable).toBe('AZURE_TENANT_ID');
    expect(noWayToConnect.message).toContain(
      'AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not set',
    );
    // Callers may still send their own credentials: a valid, if unusual, live set-up.
    expect(loadConfig({ GRAPH_MODE: 'live', API_KEYS: LIVE.API_KEYS }).defaultConnection).toBeUndefined();
  });

  it('never puts a secret value into the error message', () => {
    const error = configErrorFor({ ...LIVE, API_KEYS: 'tiny-secret' });
    expect(error.message).not.toContain('tiny-secret');
    expect(configErrorFor({ ...LIVE, PORT: 'x' }).message).not.toContain(LIVE.AZURE_CLIENT_SECRET);
  });

  it('lets AUTH_DISABLED=true run live without keys', () => {
    expect(loadConfig({ ...LIVE, API_KEYS: '', AUTH_DISABLED: 'true' }).authDisabled).toBe(true);
  });

  it('reads named connections from CONNECTIONS_FILE and rejects a malformed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ hr: { tenantId: 'contoso.com', clientId: 'a', clientSecret: 's3cr3t-file' } }),
    );
    expect(loadConfig({ CONNECTIONS_FILE: good }).connections.hr?.tenantId).toBe('contoso.com');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ hr: { tenantId: 'contoso.com', clientSecret: 's3cr3t-file' } }));
    const error = configErrorFor({ CONNECTIONS_FILE: bad });
    expect(error.variable).toBe('CONNECTIONS_FILE');
    expect(error.message).toContain('clientId');
    expect(error.message).not.toContain('s3cr3t-file');
  });

  it('reads the tenants each connection may act in without a caller secret', () => {
    expect(
      loadConfig({ ...LIVE, AZURE_ALLOWED_TENANTS: ' fabrikam.com, 33333333-3333-4333-8333-333333333333 ,' })
        .defaultConnection?.allowedTenants,
    ).toEqual(['fabrikam.com', '33333333-3333-4333-8333-333333333333']);
    expect(loadConfig(LIVE).defaultConnection?.allowedTenants).toBeUndefined();
    expect(configErrorFor({ ...LIVE, AZURE_ALLOWED_TENANTS: 'not a tenant' }).variable).toBe(
      'AZURE_ALLOWED_TENANTS',
    );
    expect(configErrorFor({ AZURE_ALLOWED_TENANTS: 'fabrikam.com' }).variable).toBe('AZURE_ALLOWED_TENANTS');

    const dir = mkdtempSync(join(tmpdir(), 'conn-'));
    const file = join(dir, 'connections.json');
    const hr = { tenantId: 'contoso.com', clientId: 'a', clientSecret: 's3cr3t-file' };
    writeFileSync(file, JSON.stringify({ hr: { ...hr, allowedTenants: ['fabrikam.com'] } }));
    expect(loadConfig({ CONNECTIONS_FILE: file }).connections.hr?.allowedTenants).toEqual(['fabrikam.com']);
    writeFileSync(file, JSON.stringify({ hr: { ...hr, allowedTenants: ['../x'] } }));
    expect(configErrorFor({ CONNECTIONS_FILE: file }).message).toContain('/hr/allowedTenants/0');
  });

  it("refuses a CONNECTIONS_FILE connection called 'default' beside the AZURE_* one, which GET /connections calls so", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eum-')), 'connections.json');
    const hr = { tenantId: 'contoso.com', clientId: 'c', clientSecret: 's' };
    writeFileSync(file, JSON.stringify({ default: hr }));
    // Alone, `default` is a name like any other.
    expect(loadConfig({ CONNECTIONS_FILE: file }).connections['default']?.clientId).toBe('c');
    const azure = { AZURE_TENANT_ID: 'contoso.com', AZURE_CLIENT_ID: 'a', AZURE_CLIENT_SECRET: 'b' };
    const error = configErrorFor({ ...azure, CONNECTIONS_FILE: file, API_KEYS: 'k'.repeat(16) });
    expect(error.variable).toBe('CONNECTIONS_FILE');
    expect(error.message).toContain("'default'");
  });
});
