import { DEMO_GROUP_IDS, FIXTURE_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const MISSING_GROUP = '00000000-0000-4000-8000-00000000b0ff';

describe('group owners against the emulator', () => {
  let service: TestService;
  const tenant = () => service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!;
  const ownersOf = (groupId: string) => [...tenant().groups.find(groupId)!.owners].sort();
  const membersOf = (groupId: string) => [...tenant().groups.find(groupId)!.members];
  const someUser = (index: number) => {
    const user = [...tenant().activeUsersAfter(3)][index]!;
    return { id: user.props.id, upn: user.props.userPrincipalName as string };
  };

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  describe('list-group-owners', () => {
    it("lists a group's owners with the selected properties", async () => {
      const answer = await service.call('list-group-owners', {
        groupId: DEMO_GROUP_IDS.salesTeam,
        select: ['id', 'userPrincipalName'],
      });
      expect(answer.status).toBe(200);
      const value = answer.body.output.rawResponse.value as Array<Record<string, unknown>>;
      expect(value.map((owner) => owner['id']).sort()).toEqual(ownersOf(DEMO_GROUP_IDS.salesTeam));
      expect(value).toContainEqual({
        '@odata.type': '#microsoft.graph.user',
        id: FIXTURE_IDS.dollar,
        userPrincipalName: FIXTURE_UPNS.dollar,
      });
      expect(answer.body.output.pages).toBe(1);
    });

    it('gives an empty list for a group without owners, and GROUP_NOT_FOUND for a missing group', async () => {
      const none = await service.call('list-group-owners', { groupId: DEMO_GROUP_IDS.onPremHr });
      expect(none.status).toBe(200);
      expect(none.body.output.rawResponse.value).toEqual([]);

      const missing = await service.call('list-group-owners', { groupId: MISSING_GROUP });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('GROUP_NOT_FOUND');
    });

    it('refuses a groupId that is not a GUID, naming the field', async () => {
      const answer = await service.call('list-group-owners', { groupId: 'sales' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].path).toBe('/groupId');
    });
  });

  describe('add-group-owner', () => {
    it('adds an owner by UPN without making them a member; a repeat is ALREADY_AN_OWNER or changed: false', async () => {
      const user = someUser(0);
      const group = DEMO_GROUP_IDS.projectFalcon;
      const added = await service.call('add-group-owner', { userId: user.upn, groupId: group });
      expect(added.status).toBe(200);
      expect(added.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204, changed: true });
      expect(ownersOf(group)).toEqual([user.id]);
      expect(membersOf(group)).not.toContain(user.id);

      const again = await service.call('add-group-owner', { userId: user.id, groupId: group });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'ALREADY_AN_OWNER', graph: { code: 'Request_BadRequest' } });

      const tolerated = await service.call('add-group-owner', {
        userId: user.id,
        groupId: group,
        ifAlreadyOwner: 'succeed',
      });
      expect(tolerated.status).toBe(200);
      expect(tolerated.body.output).toMatchObject({ statusCode: 400, changed: false });
      expect(ownersOf(group)).toEqual([user.id]);
    });

    it('tells a missing group (GROUP_NOT_FOUND) from a missing user (USER_NOT_FOUND)', async () => {
      const noGroup = await service.call('add-group-owner', {
        userId: someUser(1).id,
        groupId: MISSING_GROUP,
      });
      expect(noGroup.status).toBe(404);
      expect(noGroup.body.code).toBe('GROUP_NOT_FOUND');

      const noUserById = await service.call('add-group-owner', {
        userId: '00000000-0000-4000-8000-0000000000ff',
        groupId: DEMO_GROUP_IDS.allStaff,
      });
      expect(noUserById.status).toBe(404);
      expect(noUserById.body.code).toBe('USER_NOT_FOUND');

      const noUserByUpn = await service.call('add-group-owner', {
        userId: 'nobody@contoso.onmicrosoft.com',
        groupId: DEMO_GROUP_IDS.allStaff,
      });
      expect(noUserByUpn.status).toBe(404);
      expect(noUserByUpn.body.code).toBe('USER_NOT_FOUND');
      expect(ownersOf(DEMO_GROUP_IDS.allStaff)).toEqual([FIXTURE_IDS.dollar]);
    });
  });

  describe('remove-group-owner', () => {
    it('removes a non-last owner; a repeat is NOT_AN_OWNER or changed: false', async () => {
      const group = DEMO_GROUP_IDS.salesTeam;
      expect(ownersOf(group)).toEqual([FIXTURE_IDS.apostrophe, FIXTURE_IDS.dollar].sort());
      const removed = await service.call('remove-group-owner', {
        userId: FIXTURE_UPNS.dollar,
        groupId: group,
      });
      expect(removed.status).toBe(200);
      expect(removed.body.output).toMatchObject({
        rawResponse: { ok: true },
        statusCode: 204,
        changed: true,
      });
      expect(ownersOf(group)).toEqual([FIXTURE_IDS.apostrophe]);

      const again = await service.call('remove-group-owner', { userId: FIXTURE_IDS.dollar, groupId: group });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('NOT_AN_OWNER');

      const tolerated = await service.call('remove-group-owner', {
        userId: FIXTURE_IDS.dollar,
        groupId: group,
        ifNotOwner: 'succeed',
      });
      expect(tolerated.status).toBe(200);
      expect(tolerated.body.output).toMatchObject({ statusCode: 404, changed: false });
    });

    it('refuses to remove the last owner of a Microsoft 365 group with LAST_GROUP_OWNER', async () => {
      const group = DEMO_GROUP_IDS.salesTeam;
      // The previous test left one owner; make sure of it whatever order tests run in.
      for (const owner of ownersOf(group).slice(1))
        tenant().groups.removeOwner(tenant().groups.find(group)!, owner);
      const [last] = ownersOf(group);
      const answer = await service.call('remove-group-owner', {
        userId: last!,
        groupId: group,
        ifNotOwner: 'succeed',
      });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        code: 'LAST_GROUP_OWNER',
        source: 'graph',
        hint: expect.stringContaining('add-group-owner'),
      });
      expect(ownersOf(group)).toEqual([last]);
    });

    it('reports a missing group as GROUP_NOT_FOUND even with ifNotOwner: "succeed"', async () => {
      const answer = await service.call('remove-group-owner', {
        userId: FIXTURE_IDS.dollar,
        groupId: MISSING_GROUP,
        ifNotOwner: 'succeed',
      });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('GROUP_NOT_FOUND');
    });
  });
});
