import { DEMO_GROUP_IDS, FIXTURE_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

/**
 * Graph applies a DELETE and the connection drops before its answer arrives: the client retries
 * (DELETE is idempotent) and Graph answers 404, because the object is gone. That 404 proves the
 * change, it does not deny it.
 */
describe('a DELETE whose answer was lost after Graph applied it', () => {
  let service: TestService;
  const faults = () => service.emulator.state.faults;
  const directory = () => service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!;
  const isMember = (groupId: string, userId: string) => directory().groups.find(groupId)!.members.has(userId);

  beforeAll(async () => {
    service = await startTestService({
      env: { GRAPH_RETRY_BASE_DELAY_MS: '5', GRAPH_RETRY_MAX_DELAY_MS: '20' },
    });
  });
  afterEach(() => faults().clear());
  afterAll(() => service.close());

  it('delete-user reports the deletion (changed: true), not USER_NOT_FOUND', async () => {
    const userId = 'lost-answer@contoso.onmicrosoft.com';
    const created = await service.call('create-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Lost Answer',
      createUserMailNickname: 'lost-answer',
      createUserPrincipalName: userId,
      createUserPassword: 'Str0ng!Passw0rd',
    });
    expect(created.status).toBe(200);
    faults().arm([{ method: 'DELETE', pathRegex: '^/users/[^/]+$', drop: 'after', count: 1 }]);

    const deleted = await service.call('delete-user', { userId });

    expect(faults().list()[0]!.hits).toBe(1); // the first answer was lost; the retry found nothing
    expect(deleted.status).toBe(200);
    expect(deleted.body.output).toMatchObject({ rawResponse: { ok: true }, changed: true });
    expect(service.emulator.state.getUser(service.emulator.demo.tenantId, userId)).toBeUndefined();
  });

  it('delete-user still answers USER_NOT_FOUND when no attempt can have deleted anything', async () => {
    const missing = await service.call('delete-user', { userId: 'never-there@contoso.onmicrosoft.com' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('USER_NOT_FOUND');
  });

  it.each(['fail', 'succeed'] as const)(
    'remove-user-from-group (ifNotMember: %s) reports the removal (changed: true)',
    async (ifNotMember) => {
      const groupId = DEMO_GROUP_IDS.projectFalcon;
      directory().groups.addMember(directory().groups.find(groupId)!, FIXTURE_IDS.apostrophe);
      faults().arm([{ method: 'DELETE', path: `/groups/${groupId}/members/`, drop: 'after', count: 1 }]);

      const removed = await service.call('remove-user-from-group', {
        userId: FIXTURE_UPNS.apostrophe,
        groupId,
        ifNotMember,
      });

      expect(faults().list()[0]!.hits).toBe(1);
      expect(removed.status).toBe(200);
      expect(removed.body.output).toMatchObject({ rawResponse: { ok: true }, changed: true });
      expect(isMember(groupId, FIXTURE_IDS.apostrophe)).toBe(false);
    },
  );
});
