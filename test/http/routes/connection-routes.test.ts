// GET /connections and POST /connections/{name}/check over real HTTP against the emulator, whose
// tokens carry the permissions granted to each app registration in their `roles` claim.

import { DIRECTORY_ROLE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../../src/capabilities/registry.js';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const API_KEY = 'connections-test-key-0123456789';
const auth = { authorization: `Bearer ${API_KEY}` };

// Apps in tenants of their own, added to the emulator once it runs; the ids are chosen here so the
// service's configuration can name them up front.
const READER = {
  tenantId: 'c0c0c0c0-0001-4000-8000-000000000001',
  clientId: 'c0c0c0c0-0001-4000-8000-0000000000a1',
  clientSecret: 'reader-secret-value-1234567890',
};
const DIRECTORY_READER = {
  tenantId: 'c0c0c0c0-0002-4000-8000-000000000002',
  clientId: 'c0c0c0c0-0002-4000-8000-0000000000a2',
  clientSecret: 'directory-reader-secret-0987654321',
};

interface Verdict {
  status: string;
  missing?: Array<{ call: string; anyOf: string[] }>;
}

describe('connections', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: { API_KEYS: API_KEY },
      config: {
        connections: {
          reader: READER,
          'directory-reader': { ...DIRECTORY_READER, allowedTenants: ['fabrikam.example.com'] },
        },
      },
    });
    service.secrets.add(READER.clientSecret);
    service.secrets.add(DIRECTORY_READER.clientSecret);
    // Only User.Read.All: no user writes, and it may not read role assignments.
    service.emulator.state.addTenant({
      tenantId: READER.tenantId,
      domains: ['reader.example.com'],
      apps: [
        { clientId: READER.clientId, clientSecret: READER.clientSecret, permissions: ['User.Read.All'] },
      ],
    });
    // Directory.Read.All reads role assignments; it holds no directory role.
    service.emulator.state.addTenant({
      tenantId: DIRECTORY_READER.tenantId,
      domains: ['directory-reader.example.com'],
      apps: [
        {
          clientId: DIRECTORY_READER.clientId,
          clientSecret: DIRECTORY_READER.clientSecret,
          permissions: ['Directory.Read.All'],
        },
      ],
    });
  });

  afterAll(async () => {
    await service.close();
  });

  const check = (name: string) =>
    service.http('POST', `/connections/${encodeURIComponent(name)}/check`, undefined, auth);
  const byCapability = (body: { capabilities: Array<{ capability: string } & Verdict> }) =>
    Object.fromEntries(body.capabilities.map(({ capability, ...verdict }) => [capability, verdict]));

  it('lists the default and the named connections with ids, cloud and kind, and never a secret', async () => {
    const res = await service.http('GET', '/connections', undefined, auth);
    expect(res.status).toBe(200);
    const { demo, origin } = service.emulator;
    expect(res.body.connections).toEqual([
      {
        name: 'default',
        default: true,
        tenantId: demo.tenantId,
        clientId: demo.clientId,
        cloud: { name: 'custom', authorityHost: origin, graphBaseUrl: origin },
        kind: 'clientSecret',
      },
      expect.objectContaining({
        name: 'reader',
        default: false,
        tenantId: READER.tenantId,
        kind: 'clientSecret',
      }),
      expect.objectContaining({ name: 'directory-reader', allowedTenants: ['fabrikam.example.com'] }),
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of [demo.clientSecret, READER.clientSecret, DIRECTORY_READER.clientSecret]) {
      expect(text.includes(secret)).toBe(false);
    }
  });

  it('needs the API key', async () => {
    expect((await service.http('GET', '/connections')).status).toBe(401);
    expect((await service.http('POST', '/connections/default/check')).status).toBe(401);
  });

  it('finds everything granted and the User Administrator role confirmed for an app with all permissions', async () => {
    const res = await check('default');
    expect(res.status).toBe(200);
    const verdicts = byCapability(res.body);
    expect(Object.keys(verdicts)).toEqual(CAPABILITIES.map((c) => c.id));
    for (const [capability, verdict] of Object.entries(verdicts)) {
      expect(verdict.status, capability).toBe(
        capability === 'make-a-custom-api-call' ? 'depends' : 'granted',
      );
    }
    expect(res.body.workflows.map((w: Verdict & { workflow: string }) => [w.workflow, w.status])).toEqual([
      ['onboard', 'granted'],
      ['move', 'granted'],
      ['offboard', 'granted'],
    ]);
    const roles = Object.fromEntries(
      res.body.directoryRoles.map((r: { operation: string; status: string }) => [r.operation, r]),
    );
    expect(roles['reset-password']).toMatchObject({ status: 'confirmed', heldRole: 'User Administrator' });
    // User Administrator may not reset administrators' passwords.
    expect(roles['manage-administrators'].status).toBe('missing');
    expect(res.body.connection.name).toBe('default');
  });

  it('names the missing permission for a connection with User.Read.All only, and cannot confirm roles', async () => {
    const res = await check('reader');
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual(['User.Read.All']);
    const verdicts = byCapability(res.body);
    expect(verdicts['read-user']!.status).toBe('granted');
    expect(verdicts['query-user-changes']!.status).toBe('granted');
    expect(verdicts['create-user']).toEqual({
      status: 'missing',
      missing: [{ call: 'POST /users', anyOf: ['User.ReadWrite.All', 'Directory.ReadWrite.All'] }],
    });
    expect(verdicts['update-user']!.status).toBe('missing');
    expect(verdicts['update-user']!.missing![0]!.anyOf).toContain('User.ReadWrite.All');
    expect(verdicts['add-user-to-group']!.missing![0]!.anyOf[0]).toBe('GroupMember.ReadWrite.All');
    const onboard = res.body.workflows.find((w: { workflow: string }) => w.workflow === 'onboard');
    expect(onboard.status).toBe('missing');
    for (const role of res.body.directoryRoles) {
      expect(role.status).toBe('unknown');
      expect(role.detail).toContain('RoleManagement.Read.Directory');
    }
  });

  it('reports a directory role missing when the app can read its assignments and holds none', async () => {
    const res = await check('directory-reader');
    expect(res.status).toBe(200);
    const statuses = res.body.directoryRoles.map((r: { status: string }) => r.status);
    expect(statuses).toEqual(['missing', 'missing']);
    // Directory.Read.All reads users but writes nothing.
    expect(byCapability(res.body)['read-user']!.status).toBe('granted');
    expect(byCapability(res.body)['delete-user']).toEqual({
      status: 'missing',
      missing: [{ call: 'DELETE /users/{id}', anyOf: ['User.ReadWrite.All'] }],
    });
  });

  it('confirms Privileged Authentication Administrator for administrators once the emulator grants it', async () => {
    const grant = await fetch(
      `${service.emulator.origin}/_emulator/tenants/${DIRECTORY_READER.tenantId}/apps/${DIRECTORY_READER.clientId}/grants`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          permissions: ['Directory.Read.All'],
          directoryRoles: [DIRECTORY_ROLE_IDS.privilegedAuthenticationAdministrator],
        }),
      },
    );
    expect(grant.status).toBe(200);
    const res = await check('directory-reader');
    expect(res.body.directoryRoles.map((r: { heldRole?: string }) => r.heldRole)).toEqual([
      'Privileged Authentication Administrator',
      'Privileged Authentication Administrator',
    ]);
  });

  it("checks the app in one of the connection's allowedTenants, and refuses any other tenant", async () => {
    service.emulator.state.addTenant({
      tenantId: 'c0c0c0c0-0004-4000-8000-000000000004',
      domains: ['fabrikam.example.com'],
      apps: [{ ...DIRECTORY_READER, permissions: ['User.ReadWrite.All'] }],
    });
    const res = await service.http(
      'POST',
      '/connections/directory-reader/check?tenantId=fabrikam.example.com',
      undefined,
      auth,
    );
    expect(res.status).toBe(200);
    expect(res.body.connection.tenantId).toBe('fabrikam.example.com');
    expect(res.body.roles).toEqual(['User.ReadWrite.All']);
    const other = await service.http(
      'POST',
      '/connections/directory-reader/check?tenantId=contoso.com',
      undefined,
      auth,
    );
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('CONNECTION_OVERRIDE_FORBIDDEN');
  });

  it('answers 404 CONNECTION_NOT_FOUND naming an unknown connection', async () => {
    const res = await check('no-such-connection');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('CONNECTION_NOT_FOUND');
    expect(res.body.detail).toContain("'no-such-connection'");
  });

  it('answers the token error for a connection whose secret the authority refuses', async () => {
    service.emulator.state.addTenant({
      tenantId: 'c0c0c0c0-0003-4000-8000-000000000003',
      domains: ['wrong-secret.example.com'],
      apps: [
        { clientId: 'c0c0c0c0-0003-4000-8000-0000000000a3', clientSecret: 'the-real-secret-abcdefghij' },
      ],
    });
    service.config.connections['wrong-secret'] = {
      tenantId: 'c0c0c0c0-0003-4000-8000-000000000003',
      clientId: 'c0c0c0c0-0003-4000-8000-0000000000a3',
      clientSecret: 'not-the-secret-abcdefghij',
    };
    service.secrets.add('not-the-secret-abcdefghij');
    const res = await check('wrong-secret');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CLIENT_SECRET');
  });
});
