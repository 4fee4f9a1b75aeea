// Query options on relationship lists (a group's members, a user's memberOf and
// transitiveMemberOf): $filter, $orderby and OData casts need ConsistencyLevel: eventual and
// $count=true, $search the header; /$count segments answer text/plain; $select projects members.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

const EVENTUAL = { consistencylevel: 'eventual' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
  // Falcon: two users and a nested security group.
  const directory = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
  const falcon = directory.groups.find(DEMO_GROUP_IDS.projectFalcon)!;
  for (const id of [FIXTURE_IDS.apostrophe, FIXTURE_IDS.dollar, DEMO_GROUP_IDS.onPremHr]) {
    directory.groups.addMember(falcon, id);
  }
});
afterAll(() => h.emulator.close());

const ids = (res: { json: { value: { id: string }[] } }) => res.json.value.map((o) => o.id);
const members = `/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/members`;
const memberOf = `/v1.0/users/${FIXTURE_IDS.apostrophe}/memberOf`;

describe('members', () => {
  it('lists users and groups typed with @odata.type, and projects $select on each', async () => {
    const all = await h.graph(members);
    expect(all.json['@odata.context']).toMatch(/#directoryObjects$/);
    expect(ids(all)).toEqual([FIXTURE_IDS.apostrophe, FIXTURE_IDS.dollar, DEMO_GROUP_IDS.onPremHr]);
    const selected = await h.graph(`${members}?$select=id,displayName,groupTypes`);
    expect(selected.json['@odata.context']).toMatch(/#directoryObjects\(id,displayName,groupTypes\)$/);
    expect(selected.json.value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: FIXTURE_IDS.apostrophe, displayName: "Sean O'Brien" },
      { '@odata.type': '#microsoft.graph.user', id: FIXTURE_IDS.dollar, displayName: 'Break-glass Admin' },
      {
        '@odata.type': '#microsoft.graph.group',
        id: DEMO_GROUP_IDS.onPremHr,
        displayName: 'HR (synced)',
        groupTypes: [],
      },
    ]);
  });

  it('refuses $filter without both advanced parameters, with the reference-property message', async () => {
    const filter = `$filter=${encodeURIComponent("startswith(displayName,'sean')")}`;
    for (const [query, headers] of [
      [filter, {}],
      [filter, EVENTUAL],
      [`${filter}&$count=true`, {}],
    ] as const) {
      const res = await h.graph(`${members}?${query}`, { headers });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: 'The specified filter to the reference property query is currently not supported.',
      });
    }
    const ok = await h.graph(`${members}?${filter}&$count=true`, { headers: EVENTUAL });
    expect(ids(ok)).toEqual([FIXTURE_IDS.apostrophe]);
    expect(ok.json['@odata.count']).toBe(1);
  });

  it('refuses $orderby without the advanced parameters and sorts with them', async () => {
    const refused = await h.graph(`${members}?$orderby=displayName`);
    expect(refused.json.error.message).toBe('Sorting not supported for current query.');
    const sorted = await h.graph(`${members}?$orderby=displayName&$count=true`, { headers: EVENTUAL });
    expect(ids(sorted)).toEqual([FIXTURE_IDS.dollar, DEMO_GROUP_IDS.onPremHr, FIXTURE_IDS.apostrophe]);
  });

  it('casts to users with the advanced parameters, and counts with /$count', async () => {
    const refused = await h.graph(`${members}/microsoft.graph.user`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('Request_UnsupportedQuery');
    const users = await h.graph(`${members}/microsoft.graph.user?$count=true&$select=id`, {
      headers: EVENTUAL,
    });
    expect(users.json['@odata.context']).toMatch(/#users\(id\)$/);
    expect(users.json.value).toEqual([{ id: FIXTURE_IDS.apostrophe }, { id: FIXTURE_IDS.dollar }]);
    expect(users.json['@odata.count']).toBe(2);

    const count = await h.graph(`${members}/$count`, { headers: EVENTUAL });
    expect([count.status, count.headers['content-type'], count.text]).toEqual([
      200,
      expect.stringMatching(/^text\/plain/),
      '3',
    ]);
    const userCount = await h.graph(`${members}/microsoft.graph.user/$count`, { headers: EVENTUAL });
    expect(userCount.text).toBe('2');
    const groupCount = await h.graph(`${members}/microsoft.graph.group/$count`, { headers: EVENTUAL });
    expect(groupCount.text).toBe('1');
    const noHeader = await h.graph(`${members}/$count`);
    expect(noHeader.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: '$count is not currently supported.',
    });
  });

  it('refuses a cast to a type that cannot be a member, and an unknown type', async () => {
    const role = await h.graph(`${members}/microsoft.graph.directoryRole?$count=true`, { headers: EVENTUAL });
    expect([role.status, role.json.error.code]).toEqual([400, 'Request_UnsupportedQuery']);
    const unknown = await h.graph(`${members}/microsoft.graph.nothing`, { headers: EVENTUAL });
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'BadRequest']);
    const devices = await h.graph(`${members}/microsoft.graph.device?$count=true`, { headers: EVENTUAL });
    expect([devices.status, devices.json.value, devices.json['@odata.count']]).toEqual([200, [], 0]);
  });

  it('searches members with the header: displayName by token', async () => {
    const refused = await h.graph(`${members}?$search="displayName:admin"`);
    expect(refused.json.error.message).toContain('ConsistencyLevel');
    const found = await h.graph(`${members}?$search="displayName:admin"`, { headers: EVENTUAL });
    expect(ids(found)).toEqual([FIXTURE_IDS.dollar]);
  });
});

describe('memberOf and transitiveMemberOf', () => {
  it('filters, searches, counts and casts with the advanced parameters only', async () => {
    const filter = `$filter=${encodeURIComponent('mailEnabled eq true')}`;
    expect((await h.graph(`${memberOf}?${filter}`)).status).toBe(400);
    const filtered = await h.graph(`${memberOf}?${filter}&$count=true`, { headers: EVENTUAL });
    expect(ids(filtered)).toEqual([
      DEMO_GROUP_IDS.salesTeam,
      DEMO_GROUP_IDS.financeApprovers,
      DEMO_GROUP_IDS.announcements,
    ]);
    expect(filtered.json['@odata.count']).toBe(3);

    const searched = await h.graph(`${memberOf}?$search="displayName:sales"&$count=true`, {
      headers: EVENTUAL,
    });
    expect(ids(searched)).toEqual([DEMO_GROUP_IDS.salesTeam, DEMO_GROUP_IDS.dynamicSales]);

    const cast = await h.graph(`${memberOf}/microsoft.graph.group?$count=true&$select=displayName`, {
      headers: EVENTUAL,
    });
    expect(cast.json['@odata.context']).toMatch(/#groups\(displayName\)$/);
    expect(cast.json.value[0]).toEqual({ displayName: 'Sales Team' });

    const count = await h.graph(`${memberOf}/$count`, { headers: EVENTUAL });
    expect(count.text).toBe(String(filtered.json.value.length + 2));
    const transitive = await h.graph(
      `/v1.0/users/${FIXTURE_IDS.dollar}/transitiveMemberOf/microsoft.graph.group/$count`,
      { headers: EVENTUAL },
    );
    const expected = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/transitiveMemberOf`);
    expect(transitive.text).toBe(String(expected.json.value.length));
  });

  it('refuses a cast to a type a user cannot be a member of', async () => {
    const res = await h.graph(`${memberOf}/microsoft.graph.user?$count=true`, { headers: EVENTUAL });
    expect([res.status, res.json.error.code]).toEqual([400, 'Request_UnsupportedQuery']);
  });

  it('lists what a group is a member of', async () => {
    const res = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.engineering}/memberOf`);
    expect(ids(res)).toEqual([DEMO_GROUP_IDS.allStaff]);
  });
});
