import { FIXTURE_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const MISSING_ID = '00000000-0000-4000-8000-0000000000ff';

describe('manager and direct reports against the emulator', () => {
  let service: TestService;
  const tenant = () => service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!;
  const managerOf = (userId: string) => tenant().orgChart.managerOf(userId);
  /** The seeded management chain: the first generated user heads it, five reports each. */
  const generated = () => {
    const fixtures = new Set<string>(Object.values(FIXTURE_IDS));
    return [...tenant().activeUsersAfter(0)]
      .filter((user) => !fixtures.has(user.props.id))
      .map((user) => ({ id: user.props.id, upn: user.props.userPrincipalName as string }));
  };

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  describe('get-user-manager', () => {
    it('returns the manager of a user addressed by UPN, with the selected properties only', async () => {
      const [head, report] = generated();
      const answer = await service.call('get-user-manager', {
        userId: report!.upn,
        select: ['id', 'userPrincipalName'],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.output.statusCode).toBe(200);
      expect(answer.body.output.rawResponse).toMatchObject({
        '@odata.type': '#microsoft.graph.user',
        id: head!.id,
        userPrincipalName: head!.upn,
      });
      expect(answer.body.output.rawResponse).not.toHaveProperty('displayName');
    });

    it('tells a user without a manager (MANAGER_NOT_SET) from a missing user (USER_NOT_FOUND)', async () => {
      const none = await service.call('get-user-manager', { userId: FIXTURE_UPNS.dollar });
      expect(none.status).toBe(404);
      expect(none.body).toMatchObject({ code: 'MANAGER_NOT_SET', source: 'graph' });

      const missing = await service.call('get-user-manager', { userId: MISSING_ID });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('set-user-manager', () => {
    it('sets a manager by UPN, and setting the same one again reports changed: false', async () => {
      const users = generated();
      const user = users[12]!;
      const manager = users[0]!;
      expect(managerOf(user.id)).not.toBe(manager.id);

      const set = await service.call('set-user-manager', { userId: user.upn, managerId: manager.upn });
      expect(set.status).toBe(200);
      expect(set.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204, changed: true });
      expect(managerOf(user.id)).toBe(manager.id);

      const again = await service.call('set-user-manager', { userId: user.id, managerId: manager.id });
      expect(again.status).toBe(200);
      expect(again.body.output).toMatchObject({ rawResponse: { ok: true }, changed: false });
      expect(managerOf(user.id)).toBe(manager.id);
    });

    it('replaces an existing manager', async () => {
      const users = generated();
      const user = users[13]!;
      const before = managerOf(user.id);
      const next = users[3]!;
      expect(before).toBeDefined();
      expect(before).not.toBe(next.id);
      const set = await service.call('set-user-manager', { userId: user.id, managerId: next.upn });
      expect(set.body.output.changed).toBe(true);
      expect(managerOf(user.id)).toBe(next.id);
    });

    it('refuses a user as their own manager before any Graph call, however the two are written', async () => {
      const user = generated()[14]!;
      const calls = service.emulator.state.graphRequests;
      const same = await service.call('set-user-manager', {
        userId: user.upn,
        managerId: user.upn.toUpperCase(),
      });
      expect(same.status).toBe(400);
      expect(same.body).toMatchObject({ code: 'MANAGER_IS_SELF', errors: [{ path: '/managerId' }] });
      expect(service.emulator.state.graphRequests).toBe(calls);

      // A UPN and the object id of the same user: known only once the UPN is resolved, still before any write.
      const mixed = await service.call('set-user-manager', { userId: user.upn, managerId: user.id });
      expect(mixed.status).toBe(400);
      expect(mixed.body.code).toBe('MANAGER_IS_SELF');
      expect(managerOf(user.id)).not.toBe(user.id);
    });

    it('refuses a manager who reports to the user (MANAGER_CYCLE)', async () => {
      const [head, report] = generated();
      const answer = await service.call('set-user-manager', { userId: head!.id, managerId: report!.id });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'MANAGER_CYCLE', graph: { code: 'Request_BadRequest' } });
      expect(managerOf(head!.id)).toBeUndefined();
    });

    it('tells a missing manager (MANAGER_NOT_FOUND) from a missing user (USER_NOT_FOUND)', async () => {
      const user = generated()[15]!;
      const before = managerOf(user.id);
      const byUpn = await service.call('set-user-manager', {
        userId: user.id,
        managerId: 'nobody@contoso.onmicrosoft.com',
      });
      expect(byUpn.status).toBe(404);
      expect(byUpn.body.code).toBe('MANAGER_NOT_FOUND');

      const byId = await service.call('set-user-manager', { userId: user.upn, managerId: MISSING_ID });
      expect(byId.status).toBe(404);
      expect(byId.body.code).toBe('MANAGER_NOT_FOUND');
      expect(managerOf(user.id)).toBe(before);

      const noUser = await service.call('set-user-manager', { userId: MISSING_ID, managerId: user.id });
      expect(noUser.status).toBe(404);
      expect(noUser.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('remove-user-manager', () => {
    it('removes the manager, then answers MANAGER_NOT_SET, or changed: false with ifNotSet: "succeed"', async () => {
      const user = generated()[16]!;
      expect(managerOf(user.id)).toBeDefined();

      const removed = await service.call('remove-user-manager', { userId: user.upn });
      expect(removed.status).toBe(200);
      expect(removed.body.output).toMatchObject({
        rawResponse: { ok: true },
        statusCode: 204,
        changed: true,
      });
      expect(managerOf(user.id)).toBeUndefined();

      const again = await service.call('remove-user-manager', { userId: user.upn });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('MANAGER_NOT_SET');

      const tolerated = await service.call('remove-user-manager', { userId: user.id, ifNotSet: 'succeed' });
      expect(tolerated.status).toBe(200);
      expect(tolerated.body.output).toMatchObject({ statusCode: 404, changed: false });
    });

    it('reports a missing user as USER_NOT_FOUND even with ifNotSet: "succeed"', async () => {
      const answer = await service.call('remove-user-manager', { userId: MISSING_ID, ifNotSet: 'succeed' });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('USER_NOT_FOUND');
    });

    it('refuses an unknown ifNotSet value, naming the field', async () => {
      const answer = await service.call('remove-user-manager', { userId: MISSING_ID, ifNotSet: 'ignore' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].path).toBe('/ifNotSet');
    });
  });

  describe('list-direct-reports', () => {
    it("lists a manager's reports with the selected properties", async () => {
      const head = generated()[1]!;
      const expected = tenant().orgChart.reportsOf(head.id);
      expect(expected.length).toBeGreaterThan(0);
      const answer = await service.call('list-direct-reports', {
        userId: head.upn,
        select: ['id', 'displayName'],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.output.pages).toBe(1);
      const value = answer.body.output.rawResponse.value as Array<Record<string, unknown>>;
      expect(value.map((report) => report['id']).sort()).toEqual([...expected].sort());
      expect(value[0]).toEqual({
        '@odata.type': '#microsoft.graph.user',
        id: expect.any(String),
        displayName: expect.any(String),
      });
    });

    it('gives an empty list for a user without reports, and USER_NOT_FOUND for a missing user', async () => {
      const none = await service.call('list-direct-reports', { userId: FIXTURE_UPNS.guest });
      expect(none.status).toBe(200);
      expect(none.body.output.rawResponse.value).toEqual([]);

      const missing = await service.call('list-direct-reports', { userId: MISSING_ID });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
    });
  });
});
