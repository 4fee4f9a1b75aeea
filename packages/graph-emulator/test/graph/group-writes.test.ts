// Bulk add with `members@odata.bind` (up to 20, all or nothing), group deletion (Microsoft 365 and
// security groups into deletedItems, distribution groups for good), the deleted groups list and restore,
// getMemberGroups / checkMemberGroups on groups and directoryObjects, and revokeSignInSessions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
let userIds: string[];
beforeAll(async () => {
  h = await startHarness({ seedUsers: 30 });
  const directory = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
  userIds = [...directory.activeUsersAfter(0)].map((u) => u.props.id);
});
afterAll(() => h.emulator.close());

const bind = (ids: string[]) => ({
  'members@odata.bind': ids.map((id) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`),
});
const memberIds = async (groupId: string) =>
  (await h.graph(`/v1.0/groups/${groupId}/members?$select=id&$top=999`)).json.value.map(
    (m: { id: string }) => m.id,
  );

const securityGroup = (nickname: string) => ({
  displayName: `Group ${nickname}`,
  mailEnabled: false,
  mailNickname: nickname,
  securityEnabled: true,
});

describe('PATCH /groups/{id} with members@odata.bind', () => {
  it('adds up to 20 members in one call (204)', async () => {
    const twenty = userIds.slice(3, 23);
    const res = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}`, {
      method: 'PATCH',
      body: bind(twenty),
    });
    expect(res.status).toBe(204);
    expect(await memberIds(DEMO_GROUP_IDS.projectFalcon)).toEqual(twenty);
  });

  it('refuses more than 20, and adds nobody when one entry is bad', async () => {
    const before = await memberIds(DEMO_GROUP_IDS.allStaff);
    const tooMany = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.allStaff}`, {
      method: 'PATCH',
      body: bind(userIds.slice(0, 21)),
    });
    expect(tooMany.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'A resource cannot contain more than 20 link changes',
    });
    const unknown = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.allStaff}`, {
      method: 'PATCH',
      body: bind([userIds[5]!, '00000000-0000-4000-8000-000000000999']),
    });
    expect(unknown.status).toBe(404);
    const existing = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.allStaff}`, {
      method: 'PATCH',
      body: bind([userIds[6]!, DEMO_GROUP_IDS.engineering]),
    });
    expect(existing.json.error.message).toContain('already exist');
    const malformed = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.allStaff}`, {
      method: 'PATCH',
      body: { 'members@odata.bind': ['not a url'] },
    });
    expect(malformed.status).toBe(400);
    expect(await memberIds(DEMO_GROUP_IDS.allStaff)).toEqual(before);
  });

  it('answers 501 for the group writes it does not implement', async () => {
    const rename = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}`, {
      method: 'PATCH',
      body: { displayName: 'Renamed' },
    });
    expect([rename.status, rename.json.error.code]).toEqual([501, 'NotImplemented']);
    const dynamic = await h.graph('/v1.0/groups', {
      method: 'POST',
      body: { ...securityGroup('dyn'), groupTypes: ['DynamicMembership'] },
    });
    expect(dynamic.status).toBe(501);
    const withMembers = await h.graph('/v1.0/groups', {
      method: 'POST',
      body: { ...securityGroup('withmembers'), 'members@odata.bind': [] },
    });
    expect(withMembers.status).toBe(501);
  });

  it('creates security and Microsoft 365 groups with the default properties', async () => {
    const security = await h.graph('/v1.0/groups', { method: 'POST', body: securityGroup('ops2019') });
    expect(security.status).toBe(201);
    expect(security.json).toMatchObject({
      '@odata.context': `${h.emulator.origin}/v1.0/$metadata#groups/$entity`,
      displayName: 'Group ops2019',
      groupTypes: [],
      mail: null,
      mailEnabled: false,
      mailNickname: 'ops2019',
      securityEnabled: true,
      proxyAddresses: [],
    });
    expect((await h.graph(`/v1.0/groups/${security.json.id}`)).json.displayName).toBe('Group ops2019');

    const unified = {
      displayName: 'Library Assist',
      description: 'Self help community for library',
      groupTypes: ['Unified'],
      mailEnabled: true,
      mailNickname: 'library',
      securityEnabled: false,
    };
    const m365 = await h.graph('/v1.0/groups', { method: 'POST', body: unified });
    expect(m365.status).toBe(201);
    expect(m365.json).toMatchObject({
      groupTypes: ['Unified'],
      mail: 'library@contoso.onmicrosoft.com',
      proxyAddresses: ['SMTP:library@contoso.onmicrosoft.com'],
      visibility: 'Public',
    });
    const again = await h.graph('/v1.0/groups', { method: 'POST', body: unified });
    expect(again.status).toBe(400);
    expect(again.json.error.details).toEqual([{ code: 'ObjectConflict', target: 'mailNickname' }]);
    // A new security group takes members at once.
    const add = await h.graph(`/v1.0/groups/${security.json.id}/members/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userIds[3]}` },
    });
    expect(add.status).toBe(204);
  });

  it('refuses a group Graph will not create', async () => {
    const create = (body: unknown) => h.graph('/v1.0/groups', { method: 'POST', body });
    const missing = await create({ displayName: 'New' });
    expect([missing.status, missing.json.error.code]).toEqual([400, 'Request_BadRequest']);
    const mailEnabledSecurity = await create({ ...securityGroup('mes'), mailEnabled: true });
    expect(mailEnabledSecurity.json.error.message).toMatch(
      /does not currently support writes of mail-enabled groups/,
    );
    expect((await create({ ...securityGroup('bad nick') })).json.error.message).toMatch(/'mailNickname'/);
    expect((await create({ ...securityGroup('x'), colour: 'red' })).status).toBe(400);
  });

  it('keeps the membership rules of the group kind', async () => {
    const dynamic = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.dynamicSales}`, {
      method: 'PATCH',
      body: bind([userIds[7]!]),
    });
    expect([dynamic.status, dynamic.json.error.code]).toEqual([400, 'Request_BadRequest']);
  });
});

describe('deleted groups', () => {
  it('moves a deleted Microsoft 365 group to deletedItems and restores it with its members and owners', async () => {
    expect((await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.salesTeam}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.salesTeam}`)).status).toBe(404);
    const memberOf = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/memberOf`);
    expect(memberOf.json.value.map((g: { id: string }) => g.id)).not.toContain(DEMO_GROUP_IDS.salesTeam);

    const deleted = await h.graph(
      '/v1.0/directory/deletedItems/microsoft.graph.group?$select=id,displayName,deletedDateTime',
    );
    expect(deleted.status).toBe(200);
    expect(deleted.json.value).toEqual([
      { id: DEMO_GROUP_IDS.salesTeam, displayName: 'Sales Team', deletedDateTime: expect.any(String) },
    ]);
    const one = await h.graph(`/v1.0/directory/deletedItems/${DEMO_GROUP_IDS.salesTeam}`);
    expect(one.json['@odata.type']).toBe('#microsoft.graph.group');

    const restored = await h.graph(`/v1.0/directory/deletedItems/${DEMO_GROUP_IDS.salesTeam}/restore`, {
      method: 'POST',
    });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      id: DEMO_GROUP_IDS.salesTeam,
    });
    expect(await memberIds(DEMO_GROUP_IDS.salesTeam)).toEqual([FIXTURE_IDS.apostrophe]);
    const owners = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.salesTeam}/owners?$select=id`);
    expect(owners.json.value).toHaveLength(2);
    const empty = await h.graph('/v1.0/directory/deletedItems/microsoft.graph.group');
    expect(empty.json.value).toEqual([]);
  });

  it('moves a deleted security group to deletedItems too; its members lose and regain the inherited license', async () => {
    const licenses = () =>
      (
        h.emulator.state.getUser(h.emulator.demo.tenantId, FIXTURE_IDS.dollar)![
          'assignedLicenses'
        ] as unknown[]
      ).length;
    expect(licenses()).toBe(3);
    expect((await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.emsLicensed}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect(licenses()).toBe(2);
    const deleted = await h.graph('/v1.0/directory/deletedItems/microsoft.graph.group?$select=id');
    expect(deleted.json.value).toEqual([{ id: DEMO_GROUP_IDS.emsLicensed }]);
    await h.graph(`/v1.0/directory/deletedItems/${DEMO_GROUP_IDS.emsLicensed}/restore`, { method: 'POST' });
    expect(licenses()).toBe(3);
  });

  it('deletes a distribution group for good', async () => {
    expect((await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.announcements}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await h.graph(`/v1.0/directory/deletedItems/${DEMO_GROUP_IDS.announcements}`)).status).toBe(404);
    const memberOf = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/memberOf?$select=id`);
    expect(memberOf.json.value.map((g: { id: string }) => g.id)).not.toContain(DEMO_GROUP_IDS.announcements);
  });
});

describe('getMemberGroups and checkMemberGroups on groups and directoryObjects', () => {
  it('answers for a group, transitively', async () => {
    const groups = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.engineering}/getMemberGroups`, {
      method: 'POST',
      body: { securityEnabledOnly: false },
    });
    expect(groups.json.value).toEqual([DEMO_GROUP_IDS.allStaff]);
    const check = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.engineering}/checkMemberGroups`, {
      method: 'POST',
      body: { groupIds: [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.salesTeam] },
    });
    expect(check.json.value).toEqual([DEMO_GROUP_IDS.allStaff]);
  });

  it('answers for a user or a group addressed as a directoryObject', async () => {
    const user = await h.graph(`/v1.0/directoryObjects/${FIXTURE_IDS.dollar}/checkMemberGroups`, {
      method: 'POST',
      body: { groupIds: [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.salesTeam] },
    });
    expect(user.json.value).toEqual([DEMO_GROUP_IDS.allStaff]);
    const group = await h.graph(`/v1.0/directoryObjects/${DEMO_GROUP_IDS.engineering}/getMemberGroups`, {
      method: 'POST',
      body: { securityEnabledOnly: true },
    });
    expect(group.json.value).toEqual([DEMO_GROUP_IDS.allStaff]);
    const missing = await h.graph(
      '/v1.0/directoryObjects/00000000-0000-4000-8000-000000000999/getMemberGroups',
      {
        method: 'POST',
        body: { securityEnabledOnly: true },
      },
    );
    expect(missing.status).toBe(404);
    const read = await h.graph(`/v1.0/directoryObjects/${DEMO_GROUP_IDS.engineering}`);
    expect(read.json).toMatchObject({ '@odata.type': '#microsoft.graph.group', displayName: 'Engineering' });
  });
});

describe('revokeSignInSessions', () => {
  it('answers true and moves signInSessionsValidFromDateTime to now', async () => {
    const started = Date.now() - 1000;
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/revokeSignInSessions`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      '@odata.context': expect.stringMatching(/\$metadata#Edm\.Boolean$/),
      value: true,
    });
    const user = await h.graph(
      `/v1.0/users/${FIXTURE_IDS.apostrophe}?$select=signInSessionsValidFromDateTime`,
    );
    expect(Date.parse(user.json.signInSessionsValidFromDateTime)).toBeGreaterThanOrEqual(started);
    const unknown = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com/revokeSignInSessions', {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
    expect((await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/revokeSignInSessions`)).status).toBe(405);
  });
});
