// Group owners: list, add and remove by $ref; owners are not members; once a group has owners the
// last one cannot be removed (Microsoft 365 and security groups alike).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 5 });
});
afterAll(() => h.emulator.close());

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const owners = (groupId: string) => `/v1.0/groups/${groupId}/owners`;
const ownerIds = async (groupId: string) =>
  (await h.graph(`${owners(groupId)}?$select=id`)).json.value.map((o: { id: string }) => o.id);
const LAST_OWNER = 'The group must have at least one owner, hence this owner cannot be removed.';

describe('group owners', () => {
  it('lists the seeded owners, typed', async () => {
    const res = await h.graph(`${owners(DEMO_GROUP_IDS.salesTeam)}?$select=id,displayName`);
    expect(res.json['@odata.context']).toMatch(/#directoryObjects\(id,displayName\)$/);
    expect(res.json.value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: FIXTURE_IDS.apostrophe, displayName: "Sean O'Brien" },
      { '@odata.type': '#microsoft.graph.user', id: FIXTURE_IDS.dollar, displayName: 'Break-glass Admin' },
    ]);
    expect(await ownerIds(DEMO_GROUP_IDS.projectFalcon)).toEqual([]);
  });

  it('adds an owner by $ref (204), refuses a second add and unknown objects, and keeps owners out of memberOf', async () => {
    const add = await h.graph(`${owners(DEMO_GROUP_IDS.projectFalcon)}/$ref`, {
      method: 'POST',
      body: ref(FIXTURE_IDS.guest),
    });
    expect(add.status).toBe(204);
    expect(await ownerIds(DEMO_GROUP_IDS.projectFalcon)).toEqual([FIXTURE_IDS.guest]);
    const again = await h.graph(`${owners(DEMO_GROUP_IDS.projectFalcon)}/$ref`, {
      method: 'POST',
      body: ref(FIXTURE_IDS.guest),
    });
    expect(again.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message:
        "One or more added object references already exist for the following modified properties: 'owners'.",
    });
    const unknown = await h.graph(`${owners(DEMO_GROUP_IDS.projectFalcon)}/$ref`, {
      method: 'POST',
      body: ref('00000000-0000-4000-8000-000000000999'),
    });
    expect(unknown.status).toBe(404);
    const memberOf = await h.graph(`/v1.0/users/${FIXTURE_IDS.guest}/memberOf`);
    expect(memberOf.json.value.map((g: { id: string }) => g.id)).not.toContain(DEMO_GROUP_IDS.projectFalcon);
  });

  it('removes owners by $ref until one is left, which cannot be removed (Microsoft 365 group)', async () => {
    const sales = owners(DEMO_GROUP_IDS.salesTeam);
    expect((await h.graph(`${sales}/${FIXTURE_IDS.dollar}/$ref`, { method: 'DELETE' })).status).toBe(204);
    const last = await h.graph(`${sales}/${FIXTURE_IDS.apostrophe}/$ref`, { method: 'DELETE' });
    expect(last.status).toBe(400);
    expect(last.json.error).toMatchObject({ code: 'Request_BadRequest', message: LAST_OWNER });
    expect(await ownerIds(DEMO_GROUP_IDS.salesTeam)).toEqual([FIXTURE_IDS.apostrophe]);
  });

  it('refuses to remove the last owner of a security group too, and 404s for a non-owner', async () => {
    const last = await h.graph(`${owners(DEMO_GROUP_IDS.engineering)}/${FIXTURE_IDS.dollar}/$ref`, {
      method: 'DELETE',
    });
    expect(last.json.error.message).toBe(LAST_OWNER);
    const notOwner = await h.graph(`${owners(DEMO_GROUP_IDS.engineering)}/${FIXTURE_IDS.guest}/$ref`, {
      method: 'DELETE',
    });
    expect([notOwner.status, notOwner.json.error.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('counts owners and casts them to users with the advanced parameters', async () => {
    const eventual = { consistencylevel: 'eventual' };
    const count = await h.graph(`${owners(DEMO_GROUP_IDS.allStaff)}/$count`, { headers: eventual });
    expect(count.text).toBe('1');
    const users = await h.graph(
      `${owners(DEMO_GROUP_IDS.allStaff)}/microsoft.graph.user?$count=true&$select=id`,
      {
        headers: eventual,
      },
    );
    expect(users.json.value).toEqual([{ id: FIXTURE_IDS.dollar }]);
  });
});
