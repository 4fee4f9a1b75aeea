import type { TenantCredentials } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets, startTestService, type TestService } from '../helpers/test-service.js';

describe('credentials, token caching and secrets through the service', () => {
  let service: TestService;
  let other: TenantCredentials;
  const WRONG_SECRET = 'wrong-secret-value~ShouldNeverLeak1';

  beforeAll(async () => {
    service = await startTestService();
    other = service.emulator.state.addTenant({ domains: ['fabrikam.example'], seedUsers: 3 });
    service.secrets.add(other.clientSecret).add(WRONG_SECRET);
  });
  afterAll(() => service.close());

  const demoUser = "o'brien@contoso.onmicrosoft.com";

  it('makes one token request for many calls to one tenant', async () => {
    const tenant = service.emulator.demo.tenantId;
    const before = service.emulator.state.tokenRequests(tenant);
    for (let i = 0; i < 10; i++)
      expect((await service.call('read-user', { userId: demoUser })).status).toBe(200);
    expect(service.emulator.state.tokenRequests(tenant) - before).toBeLessThanOrEqual(1);
  });

  it('acts in the tenant named by body credentials, with that tenant its own token', async () => {
    const body = { tenantId: other.tenantId, clientId: other.clientId, clientSecret: other.clientSecret };
    const inOther = await Promise.all(
      Array.from({ length: 8 }, () => service.call('read-user', { ...body, userId: demoUser })),
    );
    // The demo tenant's user does not exist in the other tenant: the token acted there.
    for (const response of inOther) expect(response.body.code).toBe('USER_NOT_FOUND');
    expect(service.emulator.state.tokenRequests(other.tenantId)).toBe(1);
  });

  it('refuses a wrong secret even while the right one has a cached token, and never echoes it', async () => {
    const response = await service.call('read-user', {
      tenantId: other.tenantId,
      clientId: other.clientId,
      clientSecret: WRONG_SECRET,
      userId: demoUser,
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'INVALID_CLIENT_SECRET', source: 'identity' });
    expectNoSecrets(JSON.stringify(response.body), [WRONG_SECRET, other.clientSecret]);
  });

  it('reports an unknown tenant and an unknown application with their own codes', async () => {
    const { clientId, clientSecret } = service.emulator.demo;
    const unknownTenant = await service.call('read-user', {
      tenantId: '99999999-9999-4999-8999-999999999999',
      clientId,
      clientSecret,
      userId: demoUser,
    });
    expect(unknownTenant.status).toBe(400);
    expect(unknownTenant.body.code).toBe('UNKNOWN_TENANT');
    const unknownApp = await service.call('read-user', {
      clientId: '88888888-8888-4888-8888-888888888888',
      clientSecret: WRONG_SECRET,
      userId: demoUser,
    });
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.body.code).toBe('UNKNOWN_APPLICATION');
  });

  it('tells the caller when no connection exists and none was sent', async () => {
    const bare = await startTestService({ config: { defaultConnection: undefined } });
    try {
      const response = await bare.call('read-user', { userId: demoUser });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('CONNECTION_REQUIRED');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
        '/tenantId',
        '/clientId',
        '/clientSecret',
      ]);
    } finally {
      await bare.close();
    }
  });

  it('forbids body credentials when ALLOW_REQUEST_CREDENTIALS=false', async () => {
    const locked = await startTestService({ env: { ALLOW_REQUEST_CREDENTIALS: 'false' } });
    try {
      const response = await locked.call('read-user', { userId: demoUser, clientSecret: WRONG_SECRET });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'REQUEST_CREDENTIALS_FORBIDDEN',
        errors: [{ path: '/clientSecret' }],
      });
      expect((await locked.call('read-user', { userId: demoUser })).status).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
