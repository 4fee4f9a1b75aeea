import {
  DEMO_GROUP_IDS,
  DEMO_PLAN_IDS,
  DEMO_SKU_IDS,
  FIXTURE_UPNS,
} from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

// Issue 4's "Done when", end to end over HTTP against the sandbox emulator.
describe("groups and licenses: the issue's acceptance scenario", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('adds a seeded user to a nested security group, lists it with its parent, removes it; licenses with a disabled plan', async () => {
    const userId = FIXTURE_UPNS.apostrophe;
    const groupsOf = async () =>
      (await service.call('list-users-groups', { userId, securityEnabledOnly: true })).body.output.rawResponse
        .value as string[];

    expect(await groupsOf()).not.toContain(DEMO_GROUP_IDS.engineering);
    const added = await service.call('add-user-to-group', { userId, groupId: DEMO_GROUP_IDS.engineering });
    expect(added.body.output.changed).toBe(true);
    const withGroup = await groupsOf();
    expect(withGroup).toEqual(expect.arrayContaining([DEMO_GROUP_IDS.engineering, DEMO_GROUP_IDS.allStaff]));
    expect(withGroup).not.toContain(DEMO_GROUP_IDS.salesTeam); // a Microsoft 365 group, not security

    const removed = await service.call('remove-user-from-group', {
      userId,
      groupId: DEMO_GROUP_IDS.engineering,
    });
    expect(removed.body.output.changed).toBe(true);
    const after = await groupsOf();
    expect(after).not.toContain(DEMO_GROUP_IDS.engineering);
    expect(after).not.toContain(DEMO_GROUP_IDS.allStaff);

    const select = ['assignedLicenses', 'assignedPlans', 'usageLocation'];
    const assigned = await service.call('manage-user-license', {
      userId,
      skuId: DEMO_SKU_IDS.officeE3,
      disabledPlans: [DEMO_PLAN_IDS.teams],
    });
    expect(assigned.status).toBe(200);
    const licensed = (await service.call('read-user', { userId, select })).body.output.rawResponse;
    expect(licensed.assignedLicenses).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
    const enabledPlans = licensed.assignedPlans
      .filter((plan: { capabilityStatus: string }) => plan.capabilityStatus === 'Enabled')
      .map((plan: { servicePlanId: string }) => plan.servicePlanId);
    expect(enabledPlans).toContain(DEMO_PLAN_IDS.exchange);
    expect(enabledPlans).not.toContain(DEMO_PLAN_IDS.teams);

    const unassigned = await service.call('manage-user-license', {
      userId,
      removeLicenses: [DEMO_SKU_IDS.officeE3],
    });
    expect(unassigned.status).toBe(200);
    const unlicensed = (await service.call('read-user', { userId, select })).body.output.rawResponse;
    expect(unlicensed.assignedLicenses).toEqual([]);
  });
});
