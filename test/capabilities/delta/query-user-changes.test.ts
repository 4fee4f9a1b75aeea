import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const PASSWORD = 'Delta-Pa55word!';

interface DeltaItem {
  id: string;
  '@removed'?: { reason: string };
  [key: string]: unknown;
}

describe('query-user-changes against the emulator', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.secrets.add(PASSWORD);
  });
  afterAll(() => service.close());

  const createUser = async (nickname: string) => {
    const response = await service.call('create-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: `Delta ${nickname}`,
      createUserMailNickname: nickname,
      createUserPrincipalName: `${nickname}@contoso.onmicrosoft.com`,
      createUserPassword: PASSWORD,
    });
    expect(response.status).toBe(200);
    return response.body.output.rawResponse.id as string;
  };

  it('with a syncKey: a full round, then only what changed, round after round', async () => {
    const first = await service.call('query-user-changes', {
      userQuery: '$select=displayName,department',
      syncKey: 'rounds',
    });
    expect(first.status).toBe(200);
    expect(first.body.output).toMatchObject({
      syncKey: 'rounds',
      resynced: false,
      committed: true,
      cursorVersion: 1,
    });
    expect(first.body.output.rawResponse.value.length).toBeGreaterThanOrEqual(30);
    expect(first.body.output.rawResponse['@odata.deltaLink']).toBeDefined();
    expect(first.body.output.rawResponse.deltatoken).toBeTruthy();

    const created = await createUser('delta.rounds');
    const second = await service.call('query-user-changes', { syncKey: 'rounds' });
    expect((second.body.output.rawResponse.value as DeltaItem[]).map((item) => item.id)).toEqual([created]);
    expect(second.body.output.cursorVersion).toBe(2);

    expect((await service.call('delete-user', { userId: created })).status).toBe(200);
    const third = await service.call('query-user-changes', { syncKey: 'rounds' });
    expect(third.body.output.rawResponse.value).toEqual([{ id: created, '@removed': { reason: 'changed' } }]);

    const idle = await service.call('query-user-changes', { syncKey: 'rounds' });
    expect(idle.body.output.rawResponse.value).toEqual([]);
  });

  it('restarts an expired cursor from its original query, or fails when asked to', async () => {
    await service.call('query-user-changes', { userQuery: '$select=displayName', syncKey: 'expiring' });
    service.emulator.state.delta.expireTokens(service.emulator.demo.tenantId);

    const strict = await service.call('query-user-changes', { syncKey: 'expiring', onExpired: 'error' });
    expect(strict.status).toBe(410);
    expect(strict.body.code).toBe('SYNC_TOKEN_EXPIRED');

    const restarted = await service.call('query-user-changes', { syncKey: 'expiring' });
    expect(restarted.status).toBe(200);
    expect(restarted.body.output.resynced).toBe(true);
    // A full enumeration again, tracking the original $select.
    const items = restarted.body.output.rawResponse.value as DeltaItem[];
    expect(items.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['displayName', 'id']);
  });

  it('fails with SYNC_TOKEN_EXPIRED when only a bare expired token is known', async () => {
    const latest = await service.call('query-user-changes', { userQuery: '$deltatoken=latest' });
    service.emulator.state.delta.expireTokens(service.emulator.demo.tenantId);
    const response = await service.call('query-user-changes', {
      userQuery: `$deltatoken=${latest.body.output.rawResponse.deltatoken}`,
    });
    expect(response.status).toBe(410);
    expect(response.body.code).toBe('SYNC_TOKEN_EXPIRED');
  });

  it('returns exactly one created, one updated and one deleted user after a round', async () => {
    const doomed = await createUser('delta.three.doomed');
    await service.call('query-user-changes', {
      userQuery: '$select=displayName,city',
      syncKey: 'exact-three',
    });

    const created = await createUser('delta.three.created');
    const updated = (await service.call('read-user', { userId: "o'brien@contoso.onmicrosoft.com" })).body
      .output.rawResponse.id as string;
    await service.call('update-user', { userId: updated, city: 'Galway' });
    await service.call('delete-user', { userId: doomed });

    const next = await service.call('query-user-changes', { syncKey: 'exact-three' });
    const items = next.body.output.rawResponse.value as DeltaItem[];
    const byId = new Map(items.map((item) => [item.id, item]));
    expect([...byId.keys()].sort()).toEqual([created, updated, doomed].sort());
    expect(byId.get(created)?.displayName).toBe('Delta delta.three.created');
    expect(byId.get(updated)?.city).toBe('Galway');
    expect(byId.get(doomed)?.['@removed']).toEqual({ reason: 'changed' });
  });

  it('with commit false the cursor stays until PUT /sync-cursors commits the link', async () => {
    await service.call('query-user-changes', { userQuery: '$select=displayName', syncKey: 'manual-commit' });
    const created = await createUser('delta.manual');

    const peek = await service.call('query-user-changes', { syncKey: 'manual-commit', commit: false });
    expect(peek.body.output.committed).toBe(false);
    expect(peek.body.output.rawResponse.value.map((item: DeltaItem) => item.id)).toContain(created);
    const again = await service.call('query-user-changes', { syncKey: 'manual-commit', commit: false });
    expect(again.body.output.rawResponse.value.map((item: DeltaItem) => item.id)).toContain(created);

    const link = again.body.output.rawResponse['@odata.deltaLink'];
    const committed = await service.http('PUT', '/sync-cursors/manual-commit', {
      link,
      expectedVersion: again.body.output.cursorVersion,
    });
    expect(committed.status).toBe(200);
    const after = await service.call('query-user-changes', { syncKey: 'manual-commit' });
    expect(after.body.output.rawResponse.value).toEqual([]);
  });

  it('follows the caller-kept token flow without a syncKey', async () => {
    const latest = await service.call('query-user-changes', {
      userQuery: '$deltatoken=latest&$select=displayName',
    });
    expect(latest.body.output.rawResponse.value).toEqual([]);
    const token = latest.body.output.rawResponse.deltatoken as string;
    expect(token).toBeTruthy();
    const created = await createUser('delta.seedflow');
    const next = await service.call('query-user-changes', { userQuery: `$deltatoken=${token}` });
    expect(next.body.output.rawResponse.value.map((item: DeltaItem) => item.id)).toEqual([created]);
    expect(next.body.output.syncKey).toBeUndefined();
  });

  it('stops at maxPages and resumes from the stored nextLink until the deltaLink', async () => {
    // More users than one delta page (100) holds, so one page leaves a nextLink behind.
    const tenant = service.emulator.state.addTenant({ domains: ['delta-paging.example'], seedUsers: 250 });
    service.secrets.add(tenant.clientSecret);
    const credentials = {
      tenantId: tenant.tenantId,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
    };

    const seen = new Set<string>();
    const first = await service.call('query-user-changes', {
      ...credentials,
      userQuery: '$select=displayName',
      syncKey: 'paged',
      maxPages: 1,
    });
    expect(first.body.output).toMatchObject({ pages: 1, committed: true });
    expect(first.body.output.rawResponse['@odata.nextLink']).toBeDefined();
    for (const item of first.body.output.rawResponse.value as DeltaItem[]) seen.add(item.id);
    // Another tenant's cursor: readable with that tenant's own secret, proven by a token.
    const owner = { 'x-client-secret': tenant.clientSecret };
    const cursor = await service.http(
      'GET',
      `/sync-cursors/paged?tenantId=${tenant.tenantId}&clientId=${tenant.clientId}`,
      undefined,
      owner,
    );
    expect(cursor.body.linkKind).toBe('next');

    let calls = 1;
    let last = first;
    while (last.body.output.rawResponse['@odata.deltaLink'] === undefined && calls < 10) {
      last = await service.call('query-user-changes', { ...credentials, syncKey: 'paged', maxPages: 1 });
      for (const item of last.body.output.rawResponse.value as DeltaItem[]) seen.add(item.id);
      calls += 1;
    }
    expect(seen.size).toBe(250);
    expect(calls).toBe(3);
    const done = await service.http(
      'GET',
      `/sync-cursors/paged?tenantId=${tenant.tenantId}&clientId=${tenant.clientId}`,
      undefined,
      owner,
    );
    expect(done.body.linkKind).toBe('delta');
  });

  it('refuses a different userQuery for an existing cursor', async () => {
    await service.call('query-user-changes', { userQuery: '$select=displayName', syncKey: 'mismatch' });
    const response = await service.call('query-user-changes', {
      userQuery: '$select=surname',
      syncKey: 'mismatch',
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SYNC_QUERY_MISMATCH');
  });
});
