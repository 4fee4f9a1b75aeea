import { DEMO_GROUP_IDS, DEMO_SKU_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { countWrites, directMemberIds, ownerIds, tenantOf } from './workflow-helpers.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.close());

const LEAVER = FIXTURE_IDS.dollar;
const MANAGER = FIXTURE_IDS.apostrophe;

type Step = { id: string; status: string; reason?: string };
const statusOf = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

describe('POST /workflows/offboard-user', () => {
  beforeAll(async () => {
    // The leaver: a manager to hand groups to, and the department that puts them in the dynamic group.
    expect((await svc.call('set-user-manager', { userId: LEAVER, managerId: MANAGER })).status).toBe(200);
    // Entra's rule processing puts a Sales user in the dynamic group; the emulator does not run
    // membership rules, so the test makes the membership the rule would.
    expect((await svc.call('update-user', { userId: LEAVER, department: 'Sales' })).status).toBe(200);
    const groups = tenantOf(svc.emulator).groups;
    groups.addMember(groups.find(DEMO_GROUP_IDS.dynamicSales)!, LEAVER);
  });

  it('dry run: plans every step from the tenant, reports what it will not touch, and sends no write', async () => {
    const counter = countWrites(svc.emulator);
    try {
      const res = await svc.http('POST', '/workflows/offboard-user', { userId: LEAVER, dryRun: true });
      expect(res.status).toBe(200);
      const steps: Step[] = res.body.plan.steps;
      expect(statusOf(steps)).toEqual({
        'disable-sign-in': 'planned',
        'revoke-user-sessions': 'planned',
        [`remove-user-from-group:${DEMO_GROUP_IDS.engineering}`]: 'planned',
        [`remove-user-from-group:${DEMO_GROUP_IDS.announcements}`]: 'skipped',
        [`remove-user-from-group:${DEMO_GROUP_IDS.dynamicSales}`]: 'skipped',
        [`remove-user-from-group:${DEMO_GROUP_IDS.emsLicensed}`]: 'planned',
        [`add-group-owner:${DEMO_GROUP_IDS.allStaff}`]: 'planned',
        [`remove-group-owner:${DEMO_GROUP_IDS.allStaff}`]: 'planned',
        [`add-group-owner:${DEMO_GROUP_IDS.engineering}`]: 'planned',
        [`remove-group-owner:${DEMO_GROUP_IDS.engineering}`]: 'planned',
        [`add-group-owner:${DEMO_GROUP_IDS.salesTeam}`]: 'skipped',
        [`add-group-owner:${DEMO_GROUP_IDS.dynamicSales}`]: 'planned',
        [`remove-group-owner:${DEMO_GROUP_IDS.dynamicSales}`]: 'planned',
        [`add-group-owner:${DEMO_GROUP_IDS.emsLicensed}`]: 'planned',
        [`remove-group-owner:${DEMO_GROUP_IDS.emsLicensed}`]: 'planned',
        [`inherited-license:${DEMO_SKU_IDS.emsE3}:${DEMO_GROUP_IDS.emsLicensed}`]: 'skipped',
        'remove-licenses': 'planned',
        'remove-user-manager': 'planned',
      });
      const reasons = Object.fromEntries(steps.map((s) => [s.id, s.reason]));
      expect(reasons[`remove-user-from-group:${DEMO_GROUP_IDS.dynamicSales}`]).toMatch(/dynamic/);
      expect(reasons[`remove-user-from-group:${DEMO_GROUP_IDS.announcements}`]).toMatch(/Exchange/);
      expect(reasons[`add-group-owner:${DEMO_GROUP_IDS.salesTeam}`]).toBe('other owners remain');
      expect(counter.writes()).toBe(0);
    } finally {
      counter.stop();
    }
  });

  it('runs the plan: sign-in off, groups left, ownership handed to the manager, direct licenses gone, manager cleared', async () => {
    const res = await svc.http('POST', '/workflows/offboard-user', { userId: LEAVER });
    expect(res.status).toBe(200);
    const { run } = res.body;
    expect(run.status).toBe('done');
    expect(run.steps.filter((s: Step) => s.status === 'planned')).toEqual([]);

    const user = svc.emulator.state.getUser(svc.emulator.demo.tenantId, LEAVER)!;
    expect(user['accountEnabled']).toBe(false);
    expect((user['assignedLicenses'] as Array<{ skuId: string }>).map((l) => l.skuId)).not.toContain(
      DEMO_SKU_IDS.officeE3,
    );
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.engineering)).not.toContain(LEAVER);
    // Exchange-managed: reported, left as it was.
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.announcements)).toContain(LEAVER);
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.dynamicSales)).toContain(LEAVER);
    for (const groupId of [DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.engineering, DEMO_GROUP_IDS.emsLicensed]) {
      expect(ownerIds(svc.emulator, groupId)).toEqual([MANAGER]);
    }
    expect(ownerIds(svc.emulator, DEMO_GROUP_IDS.salesTeam)).toContain(LEAVER);
    const manager = await svc.call('get-user-manager', { userId: LEAVER });
    expect(manager.body.code).toBe('MANAGER_NOT_SET');

    // A second offboarding finds nothing left to do but the steps that are always safe.
    const again = await svc.http('POST', '/workflows/offboard-user', { userId: LEAVER, dryRun: true });
    expect(again.body.plan.steps.filter((s: Step) => s.status === 'planned').map((s: Step) => s.id)).toEqual([
      'revoke-user-sessions',
    ]);
  });

  it('deletes the user last when asked', async () => {
    const joined = await svc.http('POST', '/workflows/onboard-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Short Stay',
      createUserMailNickname: 'short.stay',
      createUserPrincipalName: 'short.stay@contoso.onmicrosoft.com',
      createUserPassword: 'Short-Stay-4-Battery',
      groupIds: [DEMO_GROUP_IDS.projectFalcon],
    });
    expect(joined.body.run.status).toBe('done');
    const res = await svc.http('POST', '/workflows/offboard-user', {
      userId: 'short.stay@contoso.onmicrosoft.com',
      deleteUser: true,
    });
    expect(res.body.run.status).toBe('done');
    expect(res.body.run.steps.at(-1)).toMatchObject({ id: 'delete-user', status: 'done' });
    expect(
      svc.emulator.state.getUser(svc.emulator.demo.tenantId, 'short.stay@contoso.onmicrosoft.com'),
    ).toBeUndefined();
  });

  it('answers 404 USER_NOT_FOUND for a user that does not exist', async () => {
    const res = await svc.http('POST', '/workflows/offboard-user', {
      userId: 'nobody@contoso.onmicrosoft.com',
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });
});

describe('POST /workflows/move-user', () => {
  const mover = 'mover.one@contoso.onmicrosoft.com';
  beforeAll(async () => {
    const joined = await svc.http('POST', '/workflows/onboard-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Mover One',
      createUserMailNickname: 'mover.one',
      createUserPrincipalName: mover,
      createUserPassword: 'Mover-One-3-Battery',
      otherAttributes: { department: 'Finance', jobTitle: 'Analyst' },
      groupIds: [DEMO_GROUP_IDS.projectFalcon],
    });
    expect(joined.body.run.status).toBe('done');
  });

  it('applies only the differences with the target state', async () => {
    const target = {
      userId: mover,
      department: 'Finance',
      jobTitle: 'Lead Analyst',
      managerId: MANAGER,
      groupIds: [DEMO_GROUP_IDS.engineering],
    };
    const plan = await svc.http('POST', '/workflows/move-user', { ...target, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body.plan.steps.map((s: Step) => s.id)).toEqual([
      'update-user',
      'set-user-manager',
      `add-user-to-group:${DEMO_GROUP_IDS.engineering}`,
      `remove-user-from-group:${DEMO_GROUP_IDS.projectFalcon}`,
    ]);
    // department is as wanted already: only jobTitle is sent.
    expect(plan.body.plan.steps[0].input).toEqual({
      userId: expect.any(String),
      otherAttributes: { jobTitle: 'Lead Analyst' },
    });

    const res = await svc.http('POST', '/workflows/move-user', target);
    expect(res.body.run.status).toBe('done');
    const user = svc.emulator.state.getUser(svc.emulator.demo.tenantId, mover)!;
    expect(user['jobTitle']).toBe('Lead Analyst');
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.engineering)).toContain(user['id']);
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.projectFalcon)).not.toContain(user['id']);

    // The same target again: nothing differs, so nothing is planned.
    const again = await svc.http('POST', '/workflows/move-user', { ...target, dryRun: true });
    expect(again.body.plan.steps).toEqual([]);
  });
});
