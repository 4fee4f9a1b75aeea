import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { graphCall, type Harness, startHarness, tokenFor } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 20 });
});
afterAll(() => h.emulator.close());

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const demo = () => h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
const isMember = (groupId: string, objectId: string) => demo().groups.find(groupId)!.members.has(objectId);

describe('memberOf and transitiveMemberOf', () => {
  it('lists direct groups with @odata.type, and nested parents only transitively', async () => {
    const direct = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/memberOf`);
    expect(direct.status).toBe(200);
    expect(direct.json['@odata.context']).toMatch(/\/v1\.0\/\$metadata#directoryObjects$/);
    const directIds = direct.json.value.map((g: { id: string }) => g.id);
    expect(directIds).toContain(DEMO_GROUP_IDS.engineering);
    expect(directIds).not.toContain(DEMO_GROUP_IDS.allStaff);
    for (const item of direct.json.value) expect(item['@odata.type']).toBe('#microsoft.graph.group');

    const transitive = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/transitiveMemberOf`);
    const transitiveIds = transitive.json.value.map((g: { id: string }) => g.id);
    expect(transitiveIds).toEqual(
      expect.arrayContaining([DEMO_GROUP_IDS.engineering, DEMO_GROUP_IDS.allStaff]),
    );
  });

  it('projects $select and keeps @odata.type', async () => {
    const res = await h.graph(
      `/v1.0/users/${FIXTURE_IDS.apostrophe}/memberOf?$select=id,displayName,groupTypes,securityEnabled,mailEnabled`,
    );
    expect(res.json['@odata.context']).toContain(
      '#directoryObjects(id,displayName,groupTypes,securityEnabled,mailEnabled)',
    );
    const sales = res.json.value.find((g: { id: string }) => g.id === DEMO_GROUP_IDS.salesTeam);
    expect(sales).toEqual({
      '@odata.type': '#microsoft.graph.group',
      id: DEMO_GROUP_IDS.salesTeam,
      displayName: 'Sales Team',
      groupTypes: ['Unified'],
      securityEnabled: false,
      mailEnabled: true,
    });
  });

  it('pages with $top and a nextLink', async () => {
    const first = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/memberOf?$top=2&$select=id`);
    expect(first.json.value).toHaveLength(2);
    const next = new URL(first.json['@odata.nextLink']);
    const second = await h.graph(`${next.pathname}${next.search}`);
    expect(second.status).toBe(200);
    const ids = [...first.json.value, ...second.json.value].map((g: { id: string }) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com/memberOf');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('Request_ResourceNotFound');
  });
});

describe('getMemberGroups and checkMemberGroups', () => {
  it('returns transitive group ids as Collection(Edm.String), security groups only on request', async () => {
    const all = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/getMemberGroups`, {
      method: 'POST',
      body: { securityEnabledOnly: false },
    });
    expect(all.status).toBe(200);
    expect(all.json['@odata.context']).toMatch(/#Collection\(Edm\.String\)$/);
    expect(all.json.value).toEqual(
      expect.arrayContaining([
        DEMO_GROUP_IDS.engineering,
        DEMO_GROUP_IDS.allStaff,
        DEMO_GROUP_IDS.announcements,
      ]),
    );
    const security = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/getMemberGroups`, {
      method: 'POST',
      body: { securityEnabledOnly: true },
    });
    expect(security.json.value).toContain(DEMO_GROUP_IDS.allStaff);
    expect(security.json.value).not.toContain(DEMO_GROUP_IDS.announcements);
  });

  it('requires securityEnabledOnly', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/getMemberGroups`, {
      method: 'POST',
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_BadRequest');
  });

  it('refuses an answer above the 11,000-group cap instead of truncating it', async () => {
    const tenant = h.emulator.state.addTenant({ domains: ['manygroups.example'], seedUsers: 1 });
    const directory = h.emulator.state.resolveTenant(tenant.tenantId)!;
    const user = [...directory.activeUsersAfter(0)][0]!;
    for (let i = 0; i <= 11_000; i += 1) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const group = directory.groups.create({
        id,
        displayName: `g${i}`,
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
      });
      directory.groups.addMember(group, user.props.id);
    }
    const token = await tokenFor(h.emulator.origin, tenant);
    const res = await graphCall(h.emulator.origin, token, `/v1.0/users/${user.props.id}/getMemberGroups`, {
      method: 'POST',
      body: { securityEnabledOnly: true },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Directory_ResultSizeLimitExceeded');
    const page = await graphCall(
      h.emulator.origin,
      token,
      `/v1.0/users/${user.props.id}/transitiveMemberOf?$top=999`,
    );
    expect(page.json.value).toHaveLength(999);
    expect(page.json['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('checkMemberGroups returns the subset the user belongs to, transitively, at most 20 ids', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/checkMemberGroups`, {
      method: 'POST',
      body: { groupIds: [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.salesTeam] },
    });
    expect(res.json.value).toEqual([DEMO_GROUP_IDS.allStaff]);
    const tooMany = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/checkMemberGroups`, {
      method: 'POST',
      body: { groupIds: Array.from({ length: 21 }, () => DEMO_GROUP_IDS.allStaff) },
    });
    expect(tooMany.status).toBe(400);
  });
});

describe('members/$ref', () => {
  const members = `/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/members`;

  it("adds with 204, refuses a duplicate with Graph's 400, removes with 204, then 404s", async () => {
    const added = await h.graph(`${members}/$ref`, { method: 'POST', body: ref(FIXTURE_IDS.apostrophe) });
    expect(added.status).toBe(204);
    expect(isMember(DEMO_GROUP_IDS.projectFalcon, FIXTURE_IDS.apostrophe)).toBe(true);

    const again = await h.graph(`${members}/$ref`, { method: 'POST', body: ref(FIXTURE_IDS.apostrophe) });
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message:
        "One or more added object references already exist for the following modified properties: 'members'.",
    });

    const listed = await h.graph(members);
    expect(listed.json.value.map((m: { id: string }) => m.id)).toEqual([FIXTURE_IDS.apostrophe]);
    expect(listed.json.value[0]['@odata.type']).toBe('#microsoft.graph.user');

    const removed = await h.graph(`${members}/${FIXTURE_IDS.apostrophe}/$ref`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(isMember(DEMO_GROUP_IDS.projectFalcon, FIXTURE_IDS.apostrophe)).toBe(false);

    const notMember = await h.graph(`${members}/${FIXTURE_IDS.apostrophe}/$ref`, { method: 'DELETE' });
    expect(notMember.status).toBe(404);
    expect(notMember.json.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message: `Resource '${FIXTURE_IDS.apostrophe}' does not exist or one of its queried reference-property objects are not present.`,
    });
  });

  it('accepts the users/{id} form and nests a security group', async () => {
    const user = await h.graph(`${members}/$ref`, {
      method: 'POST',
      body: { '@odata.id': `${h.emulator.origin}/v1.0/users/${FIXTURE_IDS.guest}` },
    });
    expect(user.status).toBe(204);
    const group = await h.graph(`${members}/$ref`, { method: 'POST', body: ref(DEMO_GROUP_IDS.engineering) });
    expect(group.status).toBe(204);
    const parents = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/transitiveMemberOf?$select=id`);
    expect(parents.json.value.map((g: { id: string }) => g.id)).toContain(DEMO_GROUP_IDS.projectFalcon);
    await h.graph(`${members}/${DEMO_GROUP_IDS.engineering}/$ref`, { method: 'DELETE' });
    await h.graph(`${members}/${FIXTURE_IDS.guest}/$ref`, { method: 'DELETE' });
  });

  it.each([
    ['not a URL', { '@odata.id': 'directoryObjects/x' }],
    [
      'a URL to another entity set',
      { '@odata.id': `https://graph.microsoft.com/v1.0/me/${FIXTURE_IDS.dollar}` },
    ],
    ['no @odata.id', { id: FIXTURE_IDS.dollar }],
    ['a malformed id', { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/not-a-guid' }],
  ])('refuses %s with 400', async (_label, body) => {
    const res = await h.graph(`${members}/$ref`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_BadRequest');
  });

  it('404s for an unknown member or group', async () => {
    const unknown = '11111111-1111-4111-8111-111111111111';
    const member = await h.graph(`${members}/$ref`, { method: 'POST', body: ref(unknown) });
    expect(member.status).toBe(404);
    expect(member.json.error.message).toContain(`Resource '${unknown}'`);
    const group = await h.graph(`/v1.0/groups/${unknown}/members/$ref`, {
      method: 'POST',
      body: ref(FIXTURE_IDS.dollar),
    });
    expect(group.status).toBe(404);
  });

  it.each([
    [
      DEMO_GROUP_IDS.financeApprovers,
      'Cannot Update a mail-enabled security groups and or distribution list.',
    ],
    [DEMO_GROUP_IDS.announcements, 'Cannot Update a mail-enabled security groups and or distribution list.'],
    [
      DEMO_GROUP_IDS.onPremHr,
      'Unable to update the specified properties for objects that have originated within an external service.',
    ],
    [DEMO_GROUP_IDS.dynamicSales, expect.stringContaining('dynamic membership')],
  ])('refuses membership writes to read-only group %s', async (groupId, message) => {
    const add = await h.graph(`/v1.0/groups/${groupId}/members/$ref`, {
      method: 'POST',
      body: ref(FIXTURE_IDS.guest),
    });
    expect(add.status).toBe(400);
    expect(add.json.error).toMatchObject({ code: 'Request_BadRequest', message });
    const remove = await h.graph(`/v1.0/groups/${groupId}/members/${FIXTURE_IDS.apostrophe}/$ref`, {
      method: 'DELETE',
    });
    expect(remove.status).toBe(400);
  });

  it('deletes the user itself on DELETE members/{id} without $ref, as real Graph does', async () => {
    const created = await h.graph('/v1.0/users', {
      method: 'POST',
      body: {
        accountEnabled: true,
        displayName: 'Doomed Member',
        mailNickname: 'doomed',
        userPrincipalName: 'doomed@contoso.onmicrosoft.com',
        passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
      },
    });
    const id = created.json.id as string;
    await h.graph(`${members}/$ref`, { method: 'POST', body: ref(id) });
    const res = await h.graph(`${members}/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await h.graph(`/v1.0/users/${id}`)).status).toBe(404);
    expect(demo().findDeletedUser(id)).toBeDefined();
  });

  it('keeps groups per tenant', async () => {
    const other = h.emulator.state.addTenant({ domains: ['isolated.example'], seedUsers: 1 });
    const token = await tokenFor(h.emulator.origin, other);
    const res = await graphCall(h.emulator.origin, token, `/v1.0/groups/${DEMO_GROUP_IDS.allStaff}`);
    expect(res.status).toBe(404);
    const skus = await graphCall(h.emulator.origin, token, '/v1.0/subscribedSkus');
    expect(skus.json.value).toEqual([]);
  });
});
