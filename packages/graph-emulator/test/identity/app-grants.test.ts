// App registrations' grants: the `roles` and `oid` claims of their tokens, and the directory role
// assignments of their service principals through /roleManagement/directory/roleAssignments.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_PERMISSIONS, DIRECTORY_ROLE_IDS } from '../../src/index.js';
import { type Harness, send, startHarness, tokenFor } from '../emulator-harness.js';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('app grants', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.emulator.close();
  });

  async function addTenant(apps: unknown[]) {
    const res = await send(`${h.emulator.origin}/_emulator/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domains: [`t${Math.random().toString(36).slice(2, 10)}.example.com`], apps }),
    });
    expect(res.status).toBe(201);
    return res.json as { tenantId: string; clientId: string; clientSecret: string };
  }

  it('puts the default permissions in the demo token, with the service principal as oid', () => {
    const claims = claimsOf(h.token);
    expect(claims['roles']).toEqual([...DEFAULT_APP_PERMISSIONS]);
    expect(claims['oid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lists the demo app as User Administrator, filtered by its principal id', async () => {
    const oid = claimsOf(h.token)['oid'] as string;
    const res = await h.graph(
      `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${oid}'`,
    );
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual([
      {
        id: expect.stringMatching(/-1$/),
        principalId: oid,
        resourceScope: '/',
        directoryScopeId: '/',
        roleDefinitionId: DIRECTORY_ROLE_IDS.userAdministrator,
      },
    ]);
  });

  it('issues the permissions an app was given, and 403s its role-assignment read without one that allows it', async () => {
    const creds = await addTenant([{ permissions: ['User.Read.All'] }]);
    const token = await tokenFor(h.emulator.origin, creds);
    expect(claimsOf(token)['roles']).toEqual(['User.Read.All']);
    const res = await send(`${h.emulator.origin}/v1.0/roleManagement/directory/roleAssignments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('Authorization_RequestDenied');
  });

  it('changes an app grants through the admin API; the next token carries them', async () => {
    const creds = await addTenant([{}]);
    const put = await send(
      `${h.emulator.origin}/_emulator/tenants/${creds.tenantId}/apps/${creds.clientId}/grants`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          permissions: ['Directory.Read.All'],
          directoryRoles: [DIRECTORY_ROLE_IDS.privilegedAuthenticationAdministrator],
        }),
      },
    );
    expect(put.status).toBe(200);
    const token = await tokenFor(h.emulator.origin, creds);
    expect(claimsOf(token)['roles']).toEqual(['Directory.Read.All']);
    const res = await send(`${h.emulator.origin}/v1.0/roleManagement/directory/roleAssignments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json.value.map((a: { roleDefinitionId: string }) => a.roleDefinitionId)).toEqual([
      DIRECTORY_ROLE_IDS.privilegedAuthenticationAdministrator,
    ]);
    const bad = await send(
      `${h.emulator.origin}/_emulator/tenants/${creds.tenantId}/apps/${creds.clientId}/grants`,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"directoryRoles": ["x"]}' },
    );
    expect(bad.status).toBe(400);
  });
});
