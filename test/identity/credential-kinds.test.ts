import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TENANT, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import {
  type TestCertificate,
  type TestCertificates,
  testCertificates,
} from '../helpers/test-certificates.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

/**
 * Each credential kind end to end: the service on port 0 with connections from the environment and
 * CONNECTIONS_FILE, against the emulator's token endpoint, which checks certificate assertions and
 * federated tokens as Entra does.
 */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:contoso/hr-sync:environment:production';
/** A second tenant where the (multi-tenant) app is consented, with the same certificate. */
const PARTNER_DOMAIN = 'partner-of-contoso.onmicrosoft.com';

let certs: TestCertificates;
let uploaded: TestCertificate;
let chained: TestCertificate;
let notUploaded: TestCertificate;
let tokenFile: string;
/** A certificate file the test replaces while the service runs. */
let rotatingPath: string;
let service: TestService;

/** The emulator's token requests for the demo tenant while `run` runs. */
async function tokenRequestsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = service.emulator.state.tokenRequests(DEMO_TENANT.tenantId);
  await run();
  return service.emulator.state.tokenRequests(DEMO_TENANT.tenantId) - before;
}

const readUser = (connection?: string) =>
  service.call('read-user', { userId: FIXTURE_UPNS.apostrophe, ...(connection ? { connection } : {}) });

beforeAll(async () => {
  certs = testCertificates();
  uploaded = certs.make('uploaded');
  chained = certs.make('chained');
  notUploaded = certs.make('not-uploaded');
  tokenFile = join(certs.dir, 'federated-token');
  rotatingPath = join(certs.dir, 'rotating.pem');
  copyFileSync(uploaded.path, rotatingPath);
  const app = { tenantId: DEMO_TENANT.tenantId, clientId: DEMO_TENANT.clientId };
  const connectionsFile = join(certs.dir, 'connections.json');
  writeFileSync(
    connectionsFile,
    JSON.stringify({
      chained: { ...app, certificatePath: chained.path, sendCertificateChain: true },
      rotating: { ...app, certificatePath: rotatingPath },
      wrongCertificate: { ...app, certificatePath: notUploaded.path },
      federated: { ...app, federatedTokenFile: tokenFile },
      secret: { ...app, clientSecret: DEMO_TENANT.clientSecret },
    }),
  );
  const env = {
    AUTH_DISABLED: 'true',
    AZURE_TENANT_ID: DEMO_TENANT.tenantId,
    AZURE_CLIENT_ID: DEMO_TENANT.clientId,
    AZURE_CLIENT_CERTIFICATE_PATH: uploaded.path,
    AZURE_ALLOWED_TENANTS: PARTNER_DOMAIN,
    CONNECTIONS_FILE: connectionsFile,
  };
  const loaded = loadConfig(env);
  service = await startTestService({
    env,
    config: { defaultConnection: loaded.defaultConnection, connections: loaded.connections },
  });
  // close() fails if a private key's text reached a log line.
  for (const cert of [uploaded, chained, notUploaded]) service.secrets.add(cert.keyMaterial);
  const state = service.emulator.state;
  state.addAppCertificate(DEMO_TENANT.tenantId, DEMO_TENANT.clientId, uploaded.certificate);
  state.addAppCertificate(DEMO_TENANT.tenantId, DEMO_TENANT.clientId, chained.certificate);
  const partner = state.addTenant({ domains: [PARTNER_DOMAIN], apps: [{ clientId: DEMO_TENANT.clientId }] });
  state.addAppCertificate(partner.tenantId, DEMO_TENANT.clientId, uploaded.certificate);
  state.addFederatedCredential(DEMO_TENANT.tenantId, DEMO_TENANT.clientId, {
    issuer: GITHUB_ISSUER,
    subject: SUBJECT,
  });
});

afterAll(async () => {
  await service?.close();
  certs?.cleanup();
});

describe('client certificate', () => {
  it('acts with the certificate of AZURE_CLIENT_CERTIFICATE_PATH (default connection)', async () => {
    expect(service.config.defaultConnection?.kind).toBe('clientCertificate');
    const answer = await readUser();
    expect(answer.status).toBe(200);
    expect(answer.body.output.rawResponse.userPrincipalName).toBe(FIXTURE_UPNS.apostrophe);
  });

  it("acts with it in one of the connection's allowed tenants a body names, and in no other", async () => {
    const partner = await service.call('query-users', { tenantId: PARTNER_DOMAIN, userQuery: '$top=1' });
    expect(partner.status).toBe(200);
    const other = await service.call('query-users', {
      tenantId: 'fabrikam.onmicrosoft.com',
      userQuery: '$top=1',
    });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('CONNECTION_OVERRIDE_FORBIDDEN');
  });

  it('sends the chain (x5c) when the connection asks, and the emulator still accepts it', async () => {
    expect((await readUser('chained')).status).toBe(200);
  });

  it('uses a certificate file replaced while it runs, and keeps the last good certificate through a bad file', async () => {
    const logged = () => service.logs.join('');
    expect((await readUser('rotating')).status).toBe(200);

    // A file that holds no certificate (half-written, wrong file): the one read before stays in use.
    writeFileSync(rotatingPath, 'not a certificate');
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    expect((await readUser('rotating')).status).toBe(200);
    expect(logged()).toContain('client certificate file changed but cannot be used');

    // Rotated to a certificate the app registration does not hold: refused, which shows the new
    // file was read for the next token request, without a restart.
    copyFileSync(notUploaded.path, rotatingPath);
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    expect((await readUser('rotating')).body.code).toBe('INVALID_CLIENT_ASSERTION');

    // Rotated to one it holds: accepted.
    copyFileSync(chained.path, rotatingPath);
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    expect((await readUser('rotating')).status).toBe(200);
    expect(logged()).toContain('client certificate file changed: token requests now use its certificate');
  });

  it('refuses a certificate the app registration does not hold, with the mapped code', async () => {
    const answer = await readUser('wrongCertificate');
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('INVALID_CLIENT_ASSERTION');
    expect(answer.body.identity.code).toBe('invalid_client');
    expect(answer.body.identity.message).toMatch(/^AADSTS700027: The certificate with identifier/);
  });
});

describe('workload identity federation', () => {
  const writeToken = (subject: string) =>
    writeFileSync(tokenFile, service.emulator.state.mintFederatedToken({ issuer: GITHUB_ISSUER, subject }));

  it('exchanges the federated token for a Graph token, and reads the file again after it rotates', async () => {
    writeToken(SUBJECT);
    expect((await readUser('federated')).status).toBe(200);

    // The platform rotates the file; the next token request must present the new content. A
    // subject no credential matches shows which file was read.
    writeToken(SUBJECT.toUpperCase());
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    const refused = await readUser('federated');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('FEDERATED_CREDENTIAL_MISMATCH');
    expect(refused.body.identity.message).toMatch(/^AADSTS7002138: .*case-sensitive/);

    writeToken(SUBJECT);
    expect((await readUser('federated')).status).toBe(200);
  });

  it('names a token of another subject or issuer', async () => {
    writeToken('repo:contoso/other:ref:refs/heads/main');
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    const answer = await readUser('federated');
    expect(answer.body.code).toBe('FEDERATED_CREDENTIAL_MISMATCH');
    expect(answer.body.identity.message).toMatch(/^AADSTS700213: /);
    writeFileSync(
      tokenFile,
      service.emulator.state.mintFederatedToken({ issuer: 'https://issuer.example', subject: SUBJECT }),
    );
    expect((await readUser('federated')).body.identity.message).toMatch(/^AADSTS700211: /);
  });

  it('answers CREDENTIAL_UNAVAILABLE when the token file is gone', async () => {
    certs.cleanup();
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    const answer = await readUser('federated');
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('CREDENTIAL_UNAVAILABLE');
    expect(answer.body.detail).toContain('ENOENT');
  });
});

describe('token cache isolation', () => {
  it('gives each kind and credential of one app its own token: a wrong one never gets a cached token', async () => {
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    // One token request each, although tenant and client id are the same.
    expect(await tokenRequestsDuring(() => readUser())).toBeGreaterThanOrEqual(1);
    expect(await tokenRequestsDuring(() => readUser('secret'))).toBe(1);
    expect(await tokenRequestsDuring(() => readUser('chained'))).toBe(1);
    // Warm: no token request for either.
    expect(await tokenRequestsDuring(() => readUser('secret'))).toBe(0);
    expect(await tokenRequestsDuring(() => readUser())).toBe(0);
    // The wrong certificate still asks, and is still refused, with three good tokens cached.
    const wrong = await readUser('wrongCertificate');
    expect(wrong.body.code).toBe('INVALID_CLIENT_ASSERTION');
  });

  it('lets a body secret override a certificate connection, with a token of its own', async () => {
    const body = { userId: FIXTURE_UPNS.apostrophe, clientSecret: 'not-the-secret-at-all' };
    const answer = await service.call('read-user', body);
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('INVALID_CLIENT_SECRET');
  });
});

describe('connections of every kind in GET /connections and their permissions check', () => {
  it('lists each connection with its kind, and checks a certificate connection with its own token', async () => {
    const listed = await service.http('GET', '/connections');
    expect(listed.status).toBe(200);
    const kinds = Object.fromEntries(
      listed.body.connections.map((c: { name: string; kind: string }) => [c.name, c.kind]),
    );
    expect(kinds).toEqual({
      default: 'clientCertificate',
      chained: 'clientCertificate',
      wrongCertificate: 'clientCertificate',
      rotating: 'clientCertificate',
      federated: 'workloadIdentity',
      secret: 'clientSecret',
    });
    for (const cert of [uploaded, chained, notUploaded]) {
      expect(JSON.stringify(listed.body)).not.toContain(cert.keyMaterial);
    }

    // The check acquires the certificate connection's token (the app holds every permission the
    // service needs in the emulator) and reads its roles.
    const checked = await service.http('POST', '/connections/chained/check');
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    const readUserVerdict = checked.body.capabilities.find(
      (c: { capability: string }) => c.capability === 'read-user',
    );
    expect(readUserVerdict.status).toBe('granted');

    // A certificate the app does not hold fails the check the way it fails a call.
    const refused = await service.http('POST', '/connections/wrongCertificate/check');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CLIENT_ASSERTION');
  });
});
