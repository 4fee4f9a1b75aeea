import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfiguredConnection, secretOf } from '../../src/config/connection.js';
import { type ScriptedGraphService, startScriptedGraphService } from '../helpers/scripted-graph-service.js';
import type { CallResult } from '../helpers/test-service.js';

const DEFAULT: ConfiguredConnection = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  clientId: '22222222-2222-4222-8222-222222222222',
  clientSecret: 'default-secret~Borrowed-0001',
  allowedTenants: ['allowed.example.com'],
};
const PARTNER: ConfiguredConnection = {
  tenantId: '33333333-3333-4333-8333-333333333333',
  clientId: '44444444-4444-4444-8444-444444444444',
  clientSecret: 'partner-secret~Borrowed-0002',
  allowedTenants: ['fabrikam.onmicrosoft.com'],
};
const OTHER_APP = '66666666-6666-4666-8666-666666666666';
const OWN_SECRET = 'callers-own-secret~Borrowed-0003';
const USER = 'adele@contoso.com';

describe('a body tenantId or clientId never borrows a configured secret', () => {
  let service: ScriptedGraphService;

  beforeAll(async () => {
    service = await startScriptedGraphService(
      { '*': { status: 200, json: { id: 'u1' } } },
      { config: { defaultConnection: DEFAULT, connections: { partner: PARTNER } } },
    );
    service.secrets.add(PARTNER.clientSecret).add(OWN_SECRET);
  });
  afterAll(() => service.close());

  /** The (tenant, app, secret) of every token asked for during `run`. */
  async function tokensAskedDuring(run: () => Promise<unknown>) {
    const before = service.tokens.asked.length;
    await run();
    return service.tokens.asked
      .slice(before)
      .map(({ connection }) => `${connection.tenantId} ${connection.clientId} ${secretOf(connection)}`);
  }

  it.each([
    ['another tenant for the default connection', { tenantId: 'other-tenant.example' }, '/tenantId'],
    ['another app for the default connection', { clientId: OTHER_APP }, '/clientId'],
    [
      'another tenant for a named connection',
      { connection: 'partner', tenantId: 'elsewhere.example' },
      '/tenantId',
    ],
    ["another connection's allowed tenant", { tenantId: 'fabrikam.onmicrosoft.com' }, '/tenantId'],
    [
      'another app and an allowed tenant',
      { clientId: OTHER_APP, tenantId: 'allowed.example.com' },
      '/clientId',
    ],
  ])('refuses %s without its own clientSecret, asking for no token', async (_, credentials, path) => {
    let response: CallResult | undefined;
    const asked = await tokensAskedDuring(async () => {
      response = await service.call('read-user', { userId: USER, ...credentials });
    });
    expect(response!.status).toBe(400);
    expect(response!.body).toMatchObject({ code: 'CONNECTION_OVERRIDE_FORBIDDEN', source: 'request' });
    expect(response!.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(asked).toEqual([]);
  });

  it.each([
    [
      'a tenant on the default connection’s allow-list',
      { tenantId: 'allowed.example.com' },
      'allowed.example.com',
      DEFAULT,
    ],
    [
      'a tenant on the named connection’s allow-list, in any case',
      { connection: 'partner', tenantId: 'FABRIKAM.onmicrosoft.com' },
      'FABRIKAM.onmicrosoft.com',
      PARTNER,
    ],
    [
      "the connection's own tenant, named again",
      { tenantId: DEFAULT.tenantId.toUpperCase() },
      DEFAULT.tenantId.toUpperCase(),
      DEFAULT,
    ],
  ] as const)('acts in %s with the configured secret', async (_, credentials, tenantId, connection) => {
    let status = 0;
    const asked = await tokensAskedDuring(async () => {
      status = (await service.call('read-user', { userId: USER, ...credentials })).status;
    });
    expect(status).toBe(200);
    expect(asked).toEqual([`${tenantId} ${connection.clientId} ${connection.clientSecret}`]);
  });

  it('acts as any tenant and app the caller brings its own secret for', async () => {
    let status = 0;
    const asked = await tokensAskedDuring(async () => {
      status = (
        await service.call('read-user', {
          userId: USER,
          tenantId: 'other-tenant.example',
          clientId: OTHER_APP,
          clientSecret: OWN_SECRET,
        })
      ).status;
    });
    expect(status).toBe(200);
    expect(asked).toEqual([`other-tenant.example ${OTHER_APP} ${OWN_SECRET}`]);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'treats the connection name %s as just an unknown name',
    async (name) => {
      const response = await service.call('read-user', { userId: USER, connection: name });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('UNKNOWN_CONNECTION');
    },
  );
});
