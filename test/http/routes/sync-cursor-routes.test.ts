import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../../helpers/test-service.js';

describe('sync-cursor routes', () => {
  let service: InjectedService;
  let deltaLink: (token: string) => string;

  beforeAll(async () => {
    service = await buildTestService();
    deltaLink = (token) => `${service.emulator.origin}/v1.0/users/delta?$deltatoken=${token}`;
  });
  afterAll(() => service.close());

  it('creates, reads, lists, rewinds with compare-and-set, and deletes a cursor', async () => {
    const created = await service.http('PUT', '/sync-cursors/hr-sync', {
      link: deltaLink('first'),
      userQuery: '$select=displayName',
      expectedVersion: 0,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      syncKey: 'hr-sync',
      link: deltaLink('first'),
      linkKind: 'delta',
      userQuery: '$select=displayName',
      version: 1,
      tenantId: service.emulator.demo.tenantId,
    });

    const stale = await service.http('PUT', '/sync-cursors/hr-sync', {
      link: deltaLink('x'),
      expectedVersion: 0,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CURSOR_CONFLICT');

    const rewound = await service.http('PUT', '/sync-cursors/hr-sync', {
      link: deltaLink('second'),
      expectedVersion: 1,
    });
    expect(rewound.body).toMatchObject({
      version: 2,
      userQuery: '$select=displayName',
      link: deltaLink('second'),
    });

    const listed = await service.http('GET', '/sync-cursors');
    expect(listed.body.cursors.map((cursor: { syncKey: string }) => cursor.syncKey)).toEqual(['hr-sync']);
    expect((await service.http('GET', '/sync-cursors/hr-sync')).body.version).toBe(2);

    expect((await service.http('DELETE', '/sync-cursors/hr-sync')).status).toBe(204);
    const gone = await service.http('GET', '/sync-cursors/hr-sync');
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('SYNC_CURSOR_NOT_FOUND');
  });

  it('a cursor PUT with a userQuery resumes when Query User Changes sends the same query', async () => {
    const query = '$select=displayName,givenName,surname';
    const put = await service.http('PUT', '/sync-cursors/same-query', {
      link: '/users/delta?$deltatoken=latest',
      userQuery: query,
    });
    expect(put.status).toBe(200);
    const resumed = await service.call('query-user-changes', { userQuery: query, syncKey: 'same-query' });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    const other = await service.call('query-user-changes', {
      userQuery: '$select=mail',
      syncKey: 'same-query',
    });
    expect(other.body.code).toBe('SYNC_QUERY_MISMATCH');
  });

  it('keeps cursors of another tenant apart', async () => {
    await service.http('PUT', '/sync-cursors/shared-name', {
      link: deltaLink('demo'),
      userQuery: '$select=displayName',
    });
    const added = service.emulator.state.addTenant({ domains: ['fabrikam.example'], seedUsers: 1 });
    service.secrets.add(added.clientSecret);
    const other = await service.http(
      'GET',
      `/sync-cursors?tenantId=${added.tenantId}&clientId=${added.clientId}`,
      undefined,
      { 'x-client-secret': added.clientSecret },
    );
    expect(other.status).toBe(200);
    expect(other.body.cursors).toEqual([]);
  });

  it.each([
    ['https://evil.example/v1.0/users/delta?$deltatoken=x'],
    ['/users/delta/../../groups?$deltatoken=x'],
    ['/groups/delta?$deltatoken=x'],
  ])('refuses a link that is not a users delta link of this Graph: %s', async (link) => {
    const response = await service.http('PUT', '/sync-cursors/bad-link', { link });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_CURSOR_LINK');
  });

  it('refuses a syncKey that is not URL-safe', async () => {
    const response = await service.http('GET', '/sync-cursors/bad%20key');
    expect(response.status).toBe(400);
  });
});
