import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

const WRONG_SECRET = 'not-the-secret~Cursor-Scope-0001';

/**
 * A cursor belongs to a (tenant, app) the caller has proven: a configured connection, or
 * credentials the service acquired a token with. The tenant's and app's ids alone (both public)
 * read, rewind or delete nothing, and a wrong secret learns nothing about the cursor.
 */
describe("another tenant's sync cursors", () => {
  let service: TestService;
  let tenant: { tenantId: string; clientId: string; clientSecret: string };
  let scope: string;
  const QUERY = '$select=displayName,department';

  beforeAll(async () => {
    service = await startTestService();
    const added = service.emulator.state.addTenant({ domains: ['cursor-scope.example'], seedUsers: 5 });
    tenant = { tenantId: added.tenantId, clientId: added.clientId, clientSecret: added.clientSecret };
    service.secrets.add(tenant.clientSecret).add(WRONG_SECRET);
    scope = `tenantId=${tenant.tenantId}&clientId=${tenant.clientId}`;
    const created = await service.call('query-user-changes', {
      ...tenant,
      userQuery: QUERY,
      syncKey: 'theirs',
    });
    expect(created.body).toMatchObject({ output: { committed: true } });
  });
  afterAll(() => service.close());

  const proven = () => ({ 'x-client-secret': tenant.clientSecret });
  const expectNothingAboutTheCursor = (response: { status: number; body: unknown }) => {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(response.body)).not.toContain('department');
    expect(JSON.stringify(response.body)).not.toContain('deltatoken');
  };

  it.each([
    ['list', 'GET', ''],
    ['read', 'GET', '/theirs'],
    ['delete', 'DELETE', '/theirs'],
  ])('cannot %s them with the ids alone', async (_, method, path) => {
    const response = await service.http(method, `/sync-cursors${path}?${scope}`);
    expectNothingAboutTheCursor(response);
    expect(response.body.code).toBe('CONNECTION_OVERRIDE_FORBIDDEN');
  });

  it('cannot rewind them with the ids alone', async () => {
    const before = await service.http('GET', `/sync-cursors/theirs?${scope}`, undefined, proven());
    expect(before.status).toBe(200);
    const rewound = await service.http('PUT', `/sync-cursors/theirs?${scope}`, {
      link: `${service.emulator.origin}/v1.0/users/delta?$deltatoken=latest`,
    });
    expectNothingAboutTheCursor(rewound);
    const after = await service.http('GET', `/sync-cursors/theirs?${scope}`, undefined, proven());
    expect(after.body).toEqual(before.body);
  });

  it('a wrong secret gets the token error, never the cursor', async () => {
    const read = await service.http('GET', `/sync-cursors/theirs?${scope}`, undefined, {
      'x-client-secret': WRONG_SECRET,
    });
    expectNothingAboutTheCursor(read);
    expect(read.body.code).toBe('INVALID_CLIENT_SECRET');

    const changes = await service.call('query-user-changes', {
      ...tenant,
      clientSecret: WRONG_SECRET,
      userQuery: '$select=surname',
      syncKey: 'theirs',
    });
    expectNothingAboutTheCursor(changes);
    expect(changes.body.code).toBe('INVALID_CLIENT_SECRET');
  });

  it('the proven owner reads, rewinds and deletes them', async () => {
    const listed = await service.http('GET', `/sync-cursors?${scope}`, undefined, proven());
    expect(listed.status).toBe(200);
    expect(listed.body.cursors.map((c: { syncKey: string }) => c.syncKey)).toEqual(['theirs']);
    const rewound = await service.http(
      'PUT',
      `/sync-cursors/theirs?${scope}`,
      { link: `${service.emulator.origin}/v1.0/users/delta?$deltatoken=latest` },
      proven(),
    );
    expect(rewound.status).toBe(200);
    expect((await service.http('DELETE', `/sync-cursors/theirs?${scope}`, undefined, proven())).status).toBe(
      204,
    );
  });
});
