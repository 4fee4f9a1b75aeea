import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/**
 * The at-least-once recipe (commit false, then PUT the link) keeps the query the sync started with,
 * so an expired token resyncs from it, and a worker resending its original query is not refused.
 */
describe('a cursor always knows the query it started with', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  const expire = () => service.emulator.state.delta.expireTokens(service.emulator.demo.tenantId);

  it('commit false creates the cursor at its start with the query; PUT link then keeps it through expiry', async () => {
    const query = '$select=displayName,surname';
    const peek = await service.call('query-user-changes', {
      userQuery: query,
      syncKey: 'recipe',
      commit: false,
    });
    expect(peek.status).toBe(200);
    expect(peek.body.output.committed).toBe(false);
    const link = peek.body.output.rawResponse['@odata.deltaLink'];

    // Nothing processed yet: the stored cursor still starts from the beginning.
    const stored = await service.http('GET', '/sync-cursors/recipe');
    expect(stored.status).toBe(200);
    expect(decodeURIComponent(stored.body.userQuery)).toBe(query);
    expect(stored.body.link).not.toBe(link);
    const again = await service.call('query-user-changes', { syncKey: 'recipe', commit: false });
    expect(again.body.output.rawResponse.value).toHaveLength(peek.body.output.rawResponse.value.length);

    const put = await service.http('PUT', '/sync-cursors/recipe', { link });
    expect(put.status).toBe(200);
    expect(put.body.userQuery).toBe(stored.body.userQuery);

    expire();
    // A worker that resends its original query is neither refused nor left without a resync.
    const resumed = await service.call('query-user-changes', { userQuery: query, syncKey: 'recipe' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.output.resynced).toBe(true);
    expect(resumed.body.output.rawResponse.value.length).toBeGreaterThanOrEqual(30);
  });

  it('PUT that creates a cursor requires userQuery, and a created cursor resyncs from it', async () => {
    const link = `${service.emulator.origin}/v1.0/users/delta?$deltatoken=created-by-put`;
    const bare = await service.http('PUT', '/sync-cursors/by-put', { link });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([expect.objectContaining({ path: '/userQuery' })]);
    expect((await service.http('GET', '/sync-cursors/by-put')).status).toBe(404);

    const latest = await service.call('query-user-changes', { userQuery: '$deltatoken=latest' });
    const created = await service.http('PUT', '/sync-cursors/by-put', {
      link: latest.body.output.rawResponse['@odata.deltaLink'],
      userQuery: '$select=displayName',
      expectedVersion: 0,
    });
    expect(created.status).toBe(200);
    expire();
    const resynced = await service.call('query-user-changes', { syncKey: 'by-put' });
    expect(resynced.status).toBe(200);
    expect(resynced.body.output.resynced).toBe(true);
  });
});
