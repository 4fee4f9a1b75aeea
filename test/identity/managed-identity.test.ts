import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TENANT, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { type TestCertificates, testCertificates } from '../helpers/test-certificates.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

/**
 * Managed identity through MSAL's ManagedIdentityApplication, against the emulator's App Service
 * style endpoint. MSAL finds the endpoint in IDENTITY_ENDPOINT / IDENTITY_HEADER itself, once per
 * process and with one token cache per process, so this file runs one service and sets them
 * before its first token request.
 */
const USER_ASSIGNED = randomUUID();
const NOT_ASSIGNED = randomUUID();

let files: TestCertificates;
let service: TestService;

const readUser = (connection?: string) =>
  service.call('read-user', { userId: FIXTURE_UPNS.apostrophe, ...(connection ? { connection } : {}) });

beforeAll(async () => {
  files = testCertificates();
  const connectionsFile = join(files.dir, 'connections.json');
  writeFileSync(
    connectionsFile,
    JSON.stringify({
      userAssigned: { kind: 'managedIdentity', tenantId: DEMO_TENANT.tenantId, clientId: USER_ASSIGNED },
      notAssigned: { kind: 'managedIdentity', tenantId: DEMO_TENANT.tenantId, clientId: NOT_ASSIGNED },
    }),
  );
  const env = {
    AUTH_DISABLED: 'true',
    AZURE_CREDENTIAL_KIND: 'managedIdentity',
    AZURE_TENANT_ID: DEMO_TENANT.tenantId,
    CONNECTIONS_FILE: connectionsFile,
  };
  const loaded = loadConfig(env);
  service = await startTestService({
    env,
    config: { defaultConnection: loaded.defaultConnection, connections: loaded.connections },
  });
  const host = service.emulator.state.managedIdentity;
  host.enableSystemAssigned({ tenantId: DEMO_TENANT.tenantId });
  host.assignUserAssigned({ tenantId: DEMO_TENANT.tenantId, clientId: USER_ASSIGNED });
  process.env['IDENTITY_ENDPOINT'] = `${service.emulator.origin}/msi/token`;
  process.env['IDENTITY_HEADER'] = host.header;
  service.secrets.add(host.header);
});

afterAll(async () => {
  delete process.env['IDENTITY_ENDPOINT'];
  delete process.env['IDENTITY_HEADER'];
  await service?.close();
  files?.cleanup();
});

/** Requests the managed identity endpoint answered while `run` ran. */
async function endpointRequestsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = service.emulator.state.managedIdentity.requests;
  await run();
  return service.emulator.state.managedIdentity.requests - before;
}

describe('managed identity', () => {
  it('acts as the system-assigned identity (AZURE_CREDENTIAL_KIND=managedIdentity, no AZURE_CLIENT_ID)', async () => {
    expect(service.config.defaultConnection).toMatchObject({ kind: 'managedIdentity', userAssigned: false });
    expect(await endpointRequestsDuring(async () => expect((await readUser()).status).toBe(200))).toBe(1);
    // Cached: no second request to the endpoint.
    expect(await endpointRequestsDuring(async () => expect((await readUser()).status).toBe(200))).toBe(0);
  });

  it('acts as a user-assigned identity named by its client id, with a token of its own', async () => {
    expect(
      await endpointRequestsDuring(async () => expect((await readUser('userAssigned')).status).toBe(200)),
    ).toBe(1);
    expect(await endpointRequestsDuring(() => readUser('userAssigned'))).toBe(0);
    expect(await endpointRequestsDuring(() => readUser())).toBe(0);
  });

  it('answers CREDENTIAL_UNAVAILABLE for an identity not assigned to this resource', async () => {
    const answer = await readUser('notAssigned');
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('CREDENTIAL_UNAVAILABLE');
    expect(answer.body.detail).toContain('Unable to load the proper Managed Identity.');
  });

  it('renews after Graph refuses an expired token', async () => {
    service.emulator.state.expireTokens(DEMO_TENANT.tenantId);
    expect(await endpointRequestsDuring(async () => expect((await readUser()).status).toBe(200))).toBe(1);
  });
});
