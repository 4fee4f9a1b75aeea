// A user's ownedObjects: the groups they own (typed directory objects), following owner changes.
// https://learn.microsoft.com/graph/api/user-list-ownedobjects

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 5 });
});
afterAll(() => h.emulator.close());

const owned = async (userId: string, query = '?$select=id') =>
  (await h.graph(`/v1.0/users/${userId}/ownedObjects${query}`)).json.value as Array<Record<string, unknown>>;

describe('ownedObjects', () => {
  it('lists the groups a user owns, typed, and follows an owner change', async () => {
    expect(
      (await owned(FIXTURE_IDS.apostrophe, '?$select=id,displayName')).map((o) => o['@odata.type']),
    ).toEqual(['#microsoft.graph.group']);
    expect((await owned(FIXTURE_IDS.apostrophe)).map((o) => o['id'])).toEqual([DEMO_GROUP_IDS.salesTeam]);
    expect(await owned(FIXTURE_IDS.guest)).toEqual([]);
    const add = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/owners/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${FIXTURE_IDS.guest}` },
    });
    expect(add.status).toBe(204);
    expect((await owned(FIXTURE_IDS.guest)).map((o) => o['id'])).toEqual([DEMO_GROUP_IDS.projectFalcon]);
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com/ownedObjects');
    expect(res.status).toBe(404);
  });
});
