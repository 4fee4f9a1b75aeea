import { DEMO_GROUP_IDS, FIXTURE_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const UNKNOWN = '11111111-1111-4111-8111-111111111111';

describe('group membership capabilities against the emulator', () => {
  let service: TestService;
  const directory = () => service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!;
  const isMember = (groupId: string, userId: string) => directory().groups.find(groupId)!.members.has(userId);

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('lists transitive group ids, security groups only when asked', async () => {
    const all = await service.call('list-users-groups', {
      userId: FIXTURE_UPNS.dollar,
      securityEnabledOnly: false,
    });
    expect(all.status).toBe(200);
    expect(all.body.output).toMatchObject({ statusCode: 200, membershipSource: 'getMemberGroups' });
    expect(all.body.output.rawResponse['@odata.context']).toMatch(/#Collection\(Edm\.String\)$/);
    const ids: string[] = all.body.output.rawResponse.value;
    expect(ids).toEqual(
      expect.arrayContaining([
        DEMO_GROUP_IDS.engineering,
        DEMO_GROUP_IDS.allStaff,
        DEMO_GROUP_IDS.announcements,
      ]),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);

    const security = await service.call('list-users-groups', {
      userId: FIXTURE_IDS.dollar,
      securityEnabledOnly: true,
    });
    expect(security.body.output.rawResponse.value).toContain(DEMO_GROUP_IDS.allStaff);
    expect(security.body.output.rawResponse.value).not.toContain(DEMO_GROUP_IDS.announcements);
  });

  it('requires securityEnabledOnly and answers USER_NOT_FOUND for an unknown user', async () => {
    const missing = await service.call('list-users-groups', { userId: FIXTURE_IDS.dollar });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: '/securityEnabledOnly' }));
    const unknown = await service.call('list-users-groups', { userId: UNKNOWN, securityEnabledOnly: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
  });

  it('adds by UPN with the object id in @odata.id, then reports a repeat as ALREADY_A_MEMBER or as unchanged', async () => {
    const added = await service.call('add-user-to-group', {
      userId: FIXTURE_UPNS.guest,
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(added.status).toBe(200);
    expect(added.body.output).toEqual(
      expect.objectContaining({ rawResponse: { ok: true }, statusCode: 204, changed: true }),
    );
    expect(isMember(DEMO_GROUP_IDS.projectFalcon, FIXTURE_IDS.guest)).toBe(true);

    const again = await service.call('add-user-to-group', {
      userId: FIXTURE_IDS.guest,
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ALREADY_A_MEMBER',
      source: 'graph',
      hint: expect.stringContaining('ifAlreadyMember'),
      graph: { code: 'Request_BadRequest' },
    });

    const retried = await service.call('add-user-to-group', {
      userId: FIXTURE_IDS.guest,
      groupId: DEMO_GROUP_IDS.projectFalcon,
      ifAlreadyMember: 'succeed',
    });
    expect(retried.status).toBe(200);
    expect(retried.body.output).toMatchObject({ changed: false, statusCode: 400 });
    expect(isMember(DEMO_GROUP_IDS.projectFalcon, FIXTURE_IDS.guest)).toBe(true);
  });

  it('removes with $ref only: the user survives, and a repeat is NOT_A_MEMBER or unchanged', async () => {
    directory().groups.addMember(
      directory().groups.find(DEMO_GROUP_IDS.projectFalcon)!,
      FIXTURE_IDS.apostrophe,
    );
    const removed = await service.call('remove-user-from-group', {
      userId: FIXTURE_UPNS.apostrophe,
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204, changed: true });
    expect(isMember(DEMO_GROUP_IDS.projectFalcon, FIXTURE_IDS.apostrophe)).toBe(false);
    // The form without /$ref would have soft-deleted the user.
    expect(
      service.emulator.state.getUser(service.emulator.demo.tenantId, FIXTURE_IDS.apostrophe),
    ).toBeDefined();
    expect(directory().findDeletedUser(FIXTURE_IDS.apostrophe)).toBeUndefined();

    const again = await service.call('remove-user-from-group', {
      userId: FIXTURE_IDS.apostrophe,
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'NOT_A_MEMBER', hint: expect.stringContaining('ifNotMember') });

    const retried = await service.call('remove-user-from-group', {
      userId: FIXTURE_IDS.apostrophe,
      groupId: DEMO_GROUP_IDS.projectFalcon,
      ifNotMember: 'succeed',
    });
    expect(retried.status).toBe(200);
    expect(retried.body.output).toMatchObject({ changed: false, statusCode: 404 });
  });

  it('tells a missing group from a missing user', async () => {
    const noGroup = await service.call('add-user-to-group', { userId: FIXTURE_IDS.dollar, groupId: UNKNOWN });
    expect(noGroup.status).toBe(404);
    expect(noGroup.body.code).toBe('GROUP_NOT_FOUND');
    const noUser = await service.call('add-user-to-group', {
      userId: UNKNOWN,
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(noUser.status).toBe(404);
    expect(noUser.body.code).toBe('USER_NOT_FOUND');
    const noUpn = await service.call('add-user-to-group', {
      userId: 'nobody@contoso.onmicrosoft.com',
      groupId: DEMO_GROUP_IDS.projectFalcon,
    });
    expect(noUpn.status).toBe(404);
    expect(noUpn.body.code).toBe('USER_NOT_FOUND');
    const removeNoGroup = await service.call('remove-user-from-group', {
      userId: FIXTURE_IDS.dollar,
      groupId: UNKNOWN,
      ifNotMember: 'succeed',
    });
    expect(removeNoGroup.status).toBe(404);
    expect(removeNoGroup.body.code).toBe('GROUP_NOT_FOUND');
  });

  it.each([
    ['a mail-enabled security group', DEMO_GROUP_IDS.financeApprovers, 'Exchange'],
    ['a distribution list', DEMO_GROUP_IDS.announcements, 'Exchange'],
    ['a dynamic group', DEMO_GROUP_IDS.dynamicSales, 'membership rule'],
    ['an on-premises synced group', DEMO_GROUP_IDS.onPremHr, 'on-premises'],
  ])('refuses %s as GROUP_MEMBERSHIP_READ_ONLY, for add and remove', async (_label, groupId, hint) => {
    const add = await service.call('add-user-to-group', { userId: FIXTURE_IDS.guest, groupId });
    expect(add.status).toBe(400);
    expect(add.body).toMatchObject({
      code: 'GROUP_MEMBERSHIP_READ_ONLY',
      hint: expect.stringContaining(hint),
    });
    const remove = await service.call('remove-user-from-group', { userId: FIXTURE_IDS.apostrophe, groupId });
    expect(remove.status).toBe(400);
    expect(remove.body.code).toBe('GROUP_MEMBERSHIP_READ_ONLY');
  });

  it('validates groupId and the options before calling Graph', async () => {
    const before = service.emulator.state.graphRequests;
    const res = await service.call('add-user-to-group', {
      userId: FIXTURE_IDS.guest,
      groupId: 'Sales Team',
      ifAlreadyMember: 'ignore',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/groupId', '/ifAlreadyMember']),
    );
    expect(service.emulator.state.graphRequests).toBe(before);
  });
});

describe('list-users-groups above the getMemberGroups cap', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('falls back to paging transitiveMemberOf and returns the complete list', async () => {
    const groups = service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!.groups;
    // 1,500 more groups: the fallback needs two pages of 999.
    for (let i = 0; i < 1500; i += 1) {
      const group = groups.create({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        displayName: `Bulk ${i}`,
        groupTypes: [],
        securityEnabled: i % 2 === 0,
        mailEnabled: false,
      });
      groups.addMember(group, FIXTURE_IDS.dollar);
    }
    const expected = await service.call('list-users-groups', {
      userId: FIXTURE_IDS.dollar,
      securityEnabledOnly: true,
    });
    expect(expected.body.output.rawResponse.value.length).toBeGreaterThan(750);
    // Lower the emulator's cap (11,000 on Graph) so that this answer is over it.
    groups.memberGroupsLimit = 500;
    const res = await service.call('list-users-groups', {
      userId: FIXTURE_IDS.dollar,
      securityEnabledOnly: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.output.membershipSource).toBe('transitiveMemberOf');
    expect([...res.body.output.rawResponse.value].sort()).toEqual(
      [...expected.body.output.rawResponse.value].sort(),
    );
    expect(res.body.output.rawResponse.value.length).toBeGreaterThan(1);
    const all = await service.call('list-users-groups', {
      userId: FIXTURE_IDS.dollar,
      securityEnabledOnly: false,
    });
    expect(all.body.output.rawResponse.value).toContain(DEMO_GROUP_IDS.announcements);
    expect(all.body.output.rawResponse.value.length).toBeGreaterThan(1500);
  });
});
