import { DEMO_GROUP_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('check-user-membership against the emulator', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('answers each group asked, nested memberships included, keyed as sent', async () => {
    // The dollar fixture is a direct member of Engineering, which is a member of All Staff.
    const allStaff = DEMO_GROUP_IDS.allStaff.toUpperCase();
    const answer = await service.call('check-user-membership', {
      userId: FIXTURE_UPNS.dollar,
      groupIds: [allStaff, DEMO_GROUP_IDS.engineering, DEMO_GROUP_IDS.salesTeam],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.output.statusCode).toBe(200);
    expect(answer.body.output.memberships).toEqual({
      [allStaff]: true,
      [DEMO_GROUP_IDS.engineering]: true,
      [DEMO_GROUP_IDS.salesTeam]: false,
    });
    expect((answer.body.output.rawResponse.value as string[]).map((id) => id.toLowerCase()).sort()).toEqual(
      [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.engineering].sort(),
    );
  });

  it('answers false for an id that names no group', async () => {
    const unknown = '00000000-0000-4000-8000-00000000b0ff';
    const answer = await service.call('check-user-membership', {
      userId: FIXTURE_UPNS.apostrophe,
      groupIds: [unknown, DEMO_GROUP_IDS.salesTeam],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.output.memberships).toEqual({ [unknown]: false, [DEMO_GROUP_IDS.salesTeam]: true });
  });

  it('is a 404 USER_NOT_FOUND for a missing user', async () => {
    const answer = await service.call('check-user-membership', {
      userId: 'nobody@contoso.onmicrosoft.com',
      groupIds: [DEMO_GROUP_IDS.allStaff],
    });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('USER_NOT_FOUND');
  });

  it.each([
    ['no ids', []],
    [
      '21 ids',
      Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ],
    ['an id that is not a GUID', ['sales']],
    ['the same id twice', [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.allStaff]],
  ])('refuses %s before calling Graph, naming groupIds', async (_case, groupIds) => {
    const calls = service.emulator.state.graphRequests;
    const answer = await service.call('check-user-membership', { userId: FIXTURE_UPNS.dollar, groupIds });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    expect(answer.body.errors[0].path).toMatch(/^\/groupIds/);
    expect(service.emulator.state.graphRequests).toBe(calls);
  });
});
