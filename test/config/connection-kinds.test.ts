import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ASSIGNED_IDENTITY } from '../../src/config/connection.js';
import { connectionKind } from '../../src/config/connection-kind.js';
import { loadConfig } from '../../src/config/load-config.js';
import { resolveConnection } from '../../src/http/resolve-connection.js';
import { configErrorFor } from '../helpers/config-error-for.js';
import {
  type TestCertificate,
  type TestCertificates,
  testCertificates,
} from '../helpers/test-certificates.js';

const APP = {
  AZURE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  AZURE_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
  AUTH_DISABLED: 'true',
};

let certs: TestCertificates;
let good: TestCertificate;

beforeAll(() => {
  certs = testCertificates();
  good = certs.make('good');
});
afterAll(() => certs.cleanup());

function file(name: string, text: string): string {
  const path = join(certs.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the default connection from AZURE_* variables', () => {
  it('takes the kind from the one credential variable set', () => {
    expect(
      connectionKind(loadConfig({ ...APP, AZURE_CLIENT_SECRET: 's3cret-value' }).defaultConnection!),
    ).toBe('clientSecret');
    const certificate = loadConfig({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: good.path }).defaultConnection;
    expect(certificate).toMatchObject({ kind: 'clientCertificate', clientId: APP.AZURE_CLIENT_ID });
    const federated = loadConfig({
      ...APP,
      AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/token',
    }).defaultConnection;
    expect(federated).toMatchObject({
      kind: 'workloadIdentity',
      federatedTokenFile: '/var/run/secrets/token',
    });
  });

  it("reads the certificate's SHA-256 thumbprint and key, and the chain only when asked", () => {
    const expected = new X509Certificate(good.certificate).fingerprint256;
    const plain = loadConfig({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: good.path }).defaultConnection;
    if (plain?.kind !== 'clientCertificate') throw new Error('expected a certificate connection');
    expect(plain.certificate.thumbprintSha256).toBe(expected.replaceAll(':', '').toLowerCase());
    expect(plain.certificate.privateKey.trim()).toBe(good.privateKey.trim());
    expect(plain.certificate.x5c).toBeUndefined();
    const chained = loadConfig({
      ...APP,
      AZURE_CLIENT_CERTIFICATE_PATH: good.path,
      AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'true',
    }).defaultConnection;
    expect(chained?.kind === 'clientCertificate' && chained.certificate.x5c).toContain('BEGIN CERTIFICATE');
  });

  it('is a system-assigned managed identity without AZURE_CLIENT_ID, a user-assigned one with it', () => {
    const base = {
      AUTH_DISABLED: 'true',
      AZURE_CREDENTIAL_KIND: 'managedIdentity',
      AZURE_TENANT_ID: APP.AZURE_TENANT_ID,
    };
    expect(loadConfig(base).defaultConnection).toEqual({
      kind: 'managedIdentity',
      tenantId: APP.AZURE_TENANT_ID,
      clientId: SYSTEM_ASSIGNED_IDENTITY,
      userAssigned: false,
    });
    expect(loadConfig({ ...base, AZURE_CLIENT_ID: APP.AZURE_CLIENT_ID }).defaultConnection).toMatchObject({
      clientId: APP.AZURE_CLIENT_ID,
      userAssigned: true,
    });
    // An explicit kind ignores the other credential variables (AKS injects AZURE_FEDERATED_TOKEN_FILE).
    expect(loadConfig({ ...base, AZURE_FEDERATED_TOKEN_FILE: '/t' }).defaultConnection?.kind).toBe(
      'managedIdentity',
    );
  });

  it.each([
    [
      { AZURE_CLIENT_SECRET: 'a-secret', AZURE_FEDERATED_TOKEN_FILE: '/t' },
      'AZURE_CREDENTIAL_KIND',
      'both set',
    ],
    [{ AZURE_CREDENTIAL_KIND: 'clientCertificate' }, 'AZURE_CLIENT_CERTIFICATE_PATH', 'is required'],
    [{ AZURE_CREDENTIAL_KIND: 'password' }, 'AZURE_CREDENTIAL_KIND', 'must be one of'],
    [{ AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent.pem' }, 'AZURE_CLIENT_CERTIFICATE_PATH', 'ENOENT'],
    [
      { AZURE_CREDENTIAL_KIND: 'managedIdentity', AZURE_ALLOWED_TENANTS: 'fabrikam.com' },
      'AZURE_ALLOWED_TENANTS',
      'own tenant',
    ],
  ])('refuses %j naming %s', (env, variable, message) => {
    const error = configErrorFor({ ...APP, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(message);
  });

  it('refuses a PEM file without a key, with a key of another certificate, or with a non-RSA key', () => {
    const other = certs.make('other');
    const ec = execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
    ]).toString();
    const cases: [string, string][] = [
      [good.certificate, 'no unencrypted PEM private key'],
      [`${other.privateKey}${good.certificate}`, 'no certificate matching its private key'],
      [`${ec}${good.certificate}`, 'an RSA key is needed'],
      [good.privateKey, 'holds no certificate'],
    ];
    for (const [pem, message] of cases) {
      const error = configErrorFor({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: file('bad.pem', pem) });
      expect(error.variable).toBe('AZURE_CLIENT_CERTIFICATE_PATH');
      expect(error.message).toContain(message);
      expect(error.message).not.toContain(good.keyMaterial);
      expect(error.message).not.toContain(other.keyMaterial);
    }
  });
});

describe('CONNECTIONS_FILE entries', () => {
  it('take the same kinds and fields', () => {
    const path = file(
      'connections.json',
      JSON.stringify({
        secret: { tenantId: 'contoso.com', clientId: 'a', clientSecret: 's' },
        certificate: {
          tenantId: 'contoso.com',
          clientId: 'b',
          certificatePath: good.path,
          allowedTenants: ['fabrikam.com'],
        },
        federated: { tenantId: 'contoso.com', clientId: 'c', federatedTokenFile: '/var/run/token' },
        system: { kind: 'managedIdentity', tenantId: 'contoso.com' },
        user: { kind: 'managedIdentity', tenantId: 'contoso.com', clientId: 'd' },
      }),
    );
    const kinds = Object.fromEntries(
      Object.entries(loadConfig({ CONNECTIONS_FILE: path }).connections).map(([name, c]) => [
        name,
        connectionKind(c),
      ]),
    );
    expect(kinds).toEqual({
      secret: 'clientSecret',
      certificate: 'clientCertificate',
      federated: 'workloadIdentity',
      system: 'managedIdentity',
      user: 'managedIdentity',
    });
  });

  it.each([
    [{ hr: { tenantId: 't.com', clientId: 'a' } }, '/hr/clientSecret: is required'],
    [
      { hr: { tenantId: 't.com', clientId: 'a', clientSecret: 's', federatedTokenFile: '/t' } },
      '/hr/kind: is needed',
    ],
    [
      { hr: { tenantId: 't.com', clientId: 'a', certificatePath: '/nope.pem' } },
      '/hr/certificatePath: cannot read',
    ],
    [
      { hr: { kind: 'workloadIdentity', tenantId: 't.com', clientId: 'a' } },
      '/hr/federatedTokenFile: is required',
    ],
  ])('refuses %j with %s', (content, message) => {
    const error = configErrorFor({ CONNECTIONS_FILE: file('bad.json', JSON.stringify(content)) });
    expect(error.variable).toBe('CONNECTIONS_FILE');
    expect(error.message).toContain(message);
  });
});

describe('resolving a call against a connection of another kind', () => {
  const certificateConnection = () =>
    loadConfig({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: good.path, AZURE_ALLOWED_TENANTS: 'fabrikam.com' })
      .defaultConnection!;

  it("keeps the connection's credential for one of its allowed tenants", () => {
    const policy = {
      defaultConnection: certificateConnection(),
      connections: {},
      allowRequestCredentials: true,
    };
    const resolved = resolveConnection({ tenantId: 'fabrikam.com' }, policy);
    expect(resolved).toMatchObject({
      kind: 'clientCertificate',
      tenantId: 'fabrikam.com',
      clientId: APP.AZURE_CLIENT_ID,
    });
  });

  it('never lends it to another app, and a body secret makes a secret connection', () => {
    const policy = {
      defaultConnection: certificateConnection(),
      connections: {},
      allowRequestCredentials: true,
    };
    expect(() => resolveConnection({ clientId: '33333333-3333-4333-8333-333333333333' }, policy)).toThrow(
      expect.objectContaining({ code: 'CONNECTION_OVERRIDE_FORBIDDEN' }),
    );
    const own = resolveConnection({ clientSecret: 'callers-own' }, policy);
    expect(connectionKind(own)).toBe('clientSecret');
    expect(own).toMatchObject({ tenantId: APP.AZURE_TENANT_ID, clientSecret: 'callers-own' });
  });
});
